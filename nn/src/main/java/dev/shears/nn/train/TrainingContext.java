package dev.shears.nn.train;

import dev.shears.nn.Module;
import dev.shears.nn.optim.Optimizer;

/**
 * What a {@link TrainingCallback} sees of the loop: the model and optimizer, and where training is.
 * Steps count optimizer steps from 0 across epochs; {@link #progress()} is the fraction of training done,
 * in [0, 1], which pruning schedules read.
 */
public interface TrainingContext {

    Module model();

    Optimizer optimizer();

    /** Current epoch, from 0. */
    int epoch();

    /** Total epochs planned. */
    int epochs();

    /** Optimizer steps taken so far (the current step's index inside callbacks of that step). */
    long step();

    /** Optimizer steps planned in total. */
    long totalSteps();

    /** step / totalSteps, in [0, 1]. */
    default double progress() { return totalSteps() == 0 ? 1.0 : Math.min(1.0, (double) step() / totalSteps()); }

    /** Loss of the current batch (after backward), NaN before the first. */
    double batchLoss();

    /** Adds a term (e.g. a penalty's value) to the loss reported for the current batch. */
    void addToBatchLoss(double value);
}
