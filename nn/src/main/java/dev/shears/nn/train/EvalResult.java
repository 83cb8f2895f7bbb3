package dev.shears.nn.train;

/**
 * Metrics over a dataset: mean cross-entropy loss and top-1 / top-5 accuracy (fractions in [0, 1]; top-5 is
 * top-k with k = min(5, classes)).
 */
public record EvalResult(double loss, double top1, double top5, int samples) {}
