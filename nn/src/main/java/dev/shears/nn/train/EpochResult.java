package dev.shears.nn.train;

/**
 * One epoch's figures: training loss and accuracy (running means over the epoch's batches, in training
 * mode), the evaluation (null without an evaluation loader), the learning rate of the last step, and the
 * wall time of training plus evaluation.
 */
public record EpochResult(int epoch, double trainLoss, double trainAccuracy, EvalResult eval, double lr, long steps, double seconds) {}
