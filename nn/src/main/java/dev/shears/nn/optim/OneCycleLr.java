package dev.shears.nn.optim;

/**
 * The one-cycle policy (Smith and Topin, "Super-convergence", 2017), with PyTorch's {@code OneCycleLR}
 * formula (two phases, cosine annealing): the rate rises from {@code initial = maxLr/divFactor} to
 * {@code maxLr} over the first {@code pctStart·totalSteps − 1} steps, then falls to
 * {@code minLr = initial/finalDivFactor} at step {@code totalSteps − 1}; within a phase
 * {@code lr = end + (start − end)·(1 + cos(π·pct))/2} with pct the fraction of the phase done.
 * PyTorch's defaults: pctStart 0.3, divFactor 25, finalDivFactor 1e4. PyTorch also cycles momentum
 * inversely by default; that is not done here (momentum stays as configured in the optimizer).
 * A run too short to hold a warm-up step (pctStart·totalSteps ≤ 1, where PyTorch divides by zero) starts
 * at {@code maxLr} and anneals from there.
 */
public record OneCycleLr(double maxLr, long totalSteps, double pctStart, double divFactor, double finalDivFactor) implements LrSchedule {

    public OneCycleLr {
        if (totalSteps < 1 || !(pctStart > 0 && pctStart < 1) || !(maxLr >= 0) || !(divFactor > 0) || !(finalDivFactor > 0)) {
            throw new IllegalArgumentException("OneCycleLr: total steps " + totalSteps + ", pct_start " + pctStart
                    + ", max lr " + maxLr + ", div factors " + divFactor + ", " + finalDivFactor);
        }
    }

    /** PyTorch's defaults. */
    public static OneCycleLr withDefaults(double maxLr, long totalSteps) { return new OneCycleLr(maxLr, totalSteps, 0.3, 25, 1e4); }

    @Override public double lr(long t) {
        if (t >= totalSteps) throw new IllegalArgumentException("OneCycleLr: step " + t + " beyond total " + totalSteps);
        double initial = maxLr / divFactor, min = initial / finalDivFactor;
        double warmEnd = pctStart * totalSteps - 1, end = totalSteps - 1;
        // a run too short for a warm-up step (pctStart·totalSteps ≤ 1) starts at the peak; PyTorch divides by zero there
        if (warmEnd <= 0) {
            warmEnd = 0;
            if (t == 0 || end <= 0) return maxLr;
        }
        if (t <= warmEnd) return anneal(initial, maxLr, t / warmEnd);
        return anneal(maxLr, min, (t - warmEnd) / (end - warmEnd));
    }

    private static double anneal(double start, double end, double pct) {
        return end + (start - end) / 2 * (Math.cos(Math.PI * pct) + 1);
    }
}
