package dev.shears.nn.optim;

/**
 * A learning-rate schedule as a closed-form function of the step (or epoch) counter {@code t = 0, 1, ...}.
 * Use {@code optimizer.setLr(schedule.lr(t))} before step {@code t}; each implementation cites the PyTorch
 * scheduler whose values it reproduces.
 */
public interface LrSchedule {

    /** The learning rate at step {@code t ≥ 0}. */
    double lr(long t);

    /** Sets the optimizer's learning rate for step {@code t}. */
    default void apply(Optimizer opt, long t) { opt.setLr(lr(t)); }
}
