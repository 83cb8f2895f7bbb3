package dev.shears.nn.optim;

/** PyTorch's {@code StepLR}: {@code lr = base·γ^⌊t / stepSize⌋}. */
public record StepLr(double base, int stepSize, double gamma) implements LrSchedule {

    public StepLr {
        if (stepSize < 1) throw new IllegalArgumentException("StepLr: step size " + stepSize);
    }

    @Override public double lr(long t) { return base * Math.pow(gamma, t / stepSize); }
}
