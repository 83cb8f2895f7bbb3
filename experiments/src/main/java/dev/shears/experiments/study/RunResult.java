package dev.shears.experiments.study;

import dev.shears.prune.SparsityReport;

/**
 * What one (possibly pruned) training run measured.
 *
 * @param accuracy top-1 on the test set after training (and, for the penalty methods, after the final
 *                 one-shot pruning)
 * @param report   per-layer sparsity of the pruned layers, measured on the weights
 * @param seconds  wall time of training (evaluation excluded)
 * @param steps    optimizer steps taken
 */
public record RunResult(double accuracy, SparsityReport report, double seconds, long steps) {}
