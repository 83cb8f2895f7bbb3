package dev.shears.codec.quant;

/**
 * Uniform quantization, UQ (Marinò et al., arXiv 2108.12704 §3.2): {@code q(w) = δ·round((w + b)/δ) − b}
 * with the step δ grown until at most k distinct values remain.
 *
 * <p>The authors' code grows δ in fixed absolute steps; we use a scale-free equivalent: with
 * {@code δ* = (max − min)/(k − 1)} over the nonzero weights, {@code round(w/δ*)} can take at most k values
 * (an interval of length k − 1 holds at most k integers after rounding), so we try
 * {@code δ_j = δ*·j/J} for j = 1..J (J = 64) and keep the first with at most k distinct values — the
 * smallest step on that grid. b = 0 as in the paper's defaults; rounding is half-up ({@link Math#round}).
 * A nonzero weight that rounds to 0 becomes a zero (it is pruned by quantization). For k = 1 the single
 * level is the mean of the nonzero weights.
 */
public final class UniformQuantizer implements Quantizer {

    /** Grid resolution J for the δ search. */
    public static final int STEPS = 64;

    @Override public String name() { return "uq"; }

    @Override public QuantizedWeights quantize(float[] weights, int levels) {
        SortedNonzeros s = new SortedNonzeros(weights, levels);
        if (s.distinct <= levels) return s.exact(weights.length);
        int q = s.size();
        if (levels == 1) {
            return s.fromSegments(weights.length, new int[] {0, q}, new double[] {s.mean(0, q)}, 1);
        }
        double delta = chooseStep(s.values, levels);
        // Rounded values are nondecreasing along the sorted weights: build segments in one pass.
        int[] start = new int[levels + 2];
        double[] c = new double[levels + 1];
        int n = 0;
        long prev = Long.MIN_VALUE;
        for (int t = 0; t < q; t++) {
            long r = Math.round(s.values[t] / delta);
            if (r != prev) { start[n] = t; c[n++] = delta * r; prev = r; }
        }
        start[n] = q;
        QuantizedWeights raw = s.fromSegments(weights.length, java.util.Arrays.copyOf(start, n + 1), c, n);
        return dropZeroLevel(raw);
    }

    /** The smallest grid step δ_j giving at most {@code levels} (≥ 2) rounded values over sorted weights. */
    static double chooseStep(double[] sorted, int levels) {
        double deltaStar = (sorted[sorted.length - 1] - sorted[0]) / (levels - 1);
        for (int j = 1; j < STEPS; j++) {
            double d = deltaStar * j / STEPS;
            if (distinctRounded(sorted, d) <= levels) return d;
        }
        // A hair above δ*: guards the counting argument against floating-point rounding.
        return deltaStar * (1 + 1e-9);
    }

    static int distinctRounded(double[] sorted, double delta) {
        int n = 0;
        long prev = Long.MIN_VALUE;
        for (double v : sorted) {
            long r = Math.round(v / delta);
            if (r != prev) { n++; prev = r; }
        }
        return n;
    }

    /** Weights quantized to exactly 0 join the pruned zeros. */
    private static QuantizedWeights dropZeroLevel(QuantizedWeights r) {
        float[] c = r.centroids();
        int z = -1;
        for (int l = 0; l < c.length; l++) if (c[l] == 0f) z = l;
        if (z < 0) return r;
        float[] nc = new float[c.length - 1];
        for (int l = 0, j = 0; l < c.length; l++) if (l != z) nc[j++] = c[l];
        int[] a = r.assignment().clone();
        for (int i = 0; i < a.length; i++) {
            if (a[i] == z) a[i] = QuantizedWeights.PRUNED;
            else if (a[i] > z) a[i]--;
        }
        return new QuantizedWeights(nc, a);
    }
}
