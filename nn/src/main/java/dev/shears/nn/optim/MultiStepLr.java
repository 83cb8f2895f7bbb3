package dev.shears.nn.optim;

/**
 * PyTorch's {@code MultiStepLR}: {@code lr = base·γ^k} with k the number of milestones ≤ t (e.g. HALO's
 * ×0.1 at epochs 80 and 120).
 */
public record MultiStepLr(double base, int[] milestones, double gamma) implements LrSchedule {

    public MultiStepLr {
        milestones = milestones.clone();
        java.util.Arrays.sort(milestones);
    }

    @Override public double lr(long t) {
        int k = 0;
        for (int m : milestones) if (m <= t) k++;
        return base * Math.pow(gamma, k);
    }
}
