package dev.shears.nn.train;

/**
 * Training produced a non-finite (NaN or infinite) loss, activation or gradient. The message names the
 * optimizer step and the first module (by dotted name) whose output or parameter gradient was non-finite.
 */
public final class TrainingDivergedException extends ArithmeticException {

    private static final long serialVersionUID = 1L;

    private final long step;
    private final String module;

    public TrainingDivergedException(long step, String module, String message) {
        super(message);
        this.step = step;
        this.module = module;
    }

    /** The optimizer step (from 0) whose batch diverged. */
    public long step() { return step; }

    /** Dotted name of the first module found non-finite ("" for the whole model), or null if none was found. */
    public String module() { return module; }
}
