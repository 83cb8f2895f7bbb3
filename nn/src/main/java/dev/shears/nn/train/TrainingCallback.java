package dev.shears.nn.train;

/**
 * Hooks into the training loop. Pruning, HALO, momentum methods and traces are callbacks. Within one
 * optimisation step the order is: {@link #beforeBatch} → forward, loss, backward → {@link #afterBackward}
 * (gradients are present: a penalty may add its gradient, a pruner may mask gradients) → optimizer step →
 * {@link #afterStep} (weights are updated: a pruner re-applies masks, a method observes weights). Callbacks
 * run in registration order.
 */
public interface TrainingCallback {

    /** Once, before the first batch (also when resuming). */
    default void onTrainStart(TrainingContext ctx) {}

    /** Before each batch's forward pass. */
    default void beforeBatch(TrainingContext ctx) {}

    /** After backward, before the optimizer step. */
    default void afterBackward(TrainingContext ctx) {}

    /** After the optimizer step. */
    default void afterStep(TrainingContext ctx) {}

    /** After each epoch's training batches (and evaluation, if any). */
    default void onEpochEnd(TrainingContext ctx) {}

    /** Once, after the last epoch. */
    default void onTrainEnd(TrainingContext ctx) {}
}
