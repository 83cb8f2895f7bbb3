package dev.shears.nn.optim;

/**
 * The one-cycle policy (Smith and Topin, "Super-convergence", 2017), with PyTorch's {@code OneCycleLR}
 * formula (two phases, cosine annealing): the rate rises from {@code initial = maxLr/divFactor} to
 * {@code maxLr} over the first {@code pctStart·totalSteps − 1} steps, then falls to
 * {@code minLr = initial/finalDivFactor} at step {@code totalSteps − 1}; within a phase
 * {@code lr = end + (start − end)·(1 + cos(π·pct))/2} with pct the fraction of the phase done.
 * PyTorch's defaults: pctStart 0.3, divFactor 25, finalDivFactor 1e4. PyTorch also cycles momentum
 * inversely by default; that is not done here (momentum stays as configured in the optimizer).
 */
public record OneCycleLr(double maxLr, long totalSteps, double pctStart, double divFactor, double finalDivFactor) implements LrSchedule {

    public OneCycleLr {
        // both phases must have positive length, or the phase fractions divide by zero
        if (totalSteps < 3 || !(pctStart * totalSteps > 1 && pctStart * totalSteps < totalSteps)) {
            throw new IllegalArgumentException("OneCycleLr: total steps " + totalSteps + ", pct_start " + pctStart);
        }
    }

    /** PyTorch's defaults. */
    public static OneCycleLr withDefaults(double maxLr, long totalSteps) { return new OneCycleLr(maxLr, totalSteps, 0.3, 25, 1e4); }

    @Override public double lr(long t) {
        if (t >= totalSteps) throw new IllegalArgumentException("OneCycleLr: step " + t + " beyond total " + totalSteps);
        double initial = maxLr / divFactor, min = initial / finalDivFactor;
        double warmEnd = pctStart * totalSteps - 1, end = totalSteps - 1;
        if (t <= warmEnd) return anneal(initial, maxLr, t / warmEnd);
        return anneal(maxLr, min, (t - warmEnd) / (end - warmEnd));
    }

    private static double anneal(double start, double end, double pct) {
        return end + (start - end) / 2 * (Math.cos(Math.PI * pct) + 1);
    }
}
