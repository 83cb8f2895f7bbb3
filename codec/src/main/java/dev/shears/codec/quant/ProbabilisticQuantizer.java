package dev.shears.codec.quant;

import dev.shears.tensor.random.Rng;
import java.util.Arrays;

/**
 * Probabilistic weight sharing, PWS (Marinò et al., arXiv 2108.12704 §3.2): the k levels are the
 * quantiles of order i/(k−1), i = 0..k−1, of the nonzero weights; a weight w between neighbouring levels
 * v &lt; V becomes V with probability (w − v)/(V − v) and v otherwise, so its expected value is w.
 *
 * <p>Choices: quantiles by nearest rank on the sorted nonzeros ({@code index round(i·(q−1)/(k−1))}),
 * duplicate levels merged; random draws come from {@link Rng} seeded at construction, one per weight that
 * is not exactly on a level, in input order. Levels that no weight ends on are dropped. With k = 1 the
 * only level is the mean of the nonzero weights (the one level that keeps their sum).
 */
public final class ProbabilisticQuantizer implements Quantizer {

    private final long seed;

    /** PWS drawing its stochastic rounding from {@code new Rng(seed)} on every call. */
    public ProbabilisticQuantizer(long seed) { this.seed = seed; }

    @Override public String name() { return "pws"; }

    @Override public QuantizedWeights quantize(float[] weights, int levels) {
        SortedNonzeros s = new SortedNonzeros(weights, levels);
        if (s.distinct <= levels) return s.exact(weights.length);
        int q = s.size();
        if (levels == 1) return s.fromSegments(weights.length, new int[] {0, q}, new double[] {s.mean(0, q)}, 1);
        double[] lv = new double[levels];
        int k = 0;
        for (int i = 0; i < levels; i++) {
            double v = s.values[(int) Math.round((double) i * (q - 1) / (levels - 1))];
            if (k == 0 || v != lv[k - 1]) lv[k++] = v;
        }
        lv = Arrays.copyOf(lv, k);
        Rng rng = new Rng(seed);
        int[] a = new int[weights.length];
        int[] used = new int[k];
        for (int i = 0; i < weights.length; i++) {
            double w = weights[i];
            if (w == 0) { a[i] = QuantizedWeights.PRUNED; continue; }
            int pos = Arrays.binarySearch(lv, w);
            int l;
            if (pos >= 0) l = pos;
            else {
                int hi = -pos - 1, lo = hi - 1; // lv[lo] < w < lv[hi]; levels span [min, max]
                l = rng.nextDouble() < (w - lv[lo]) / (lv[hi] - lv[lo]) ? hi : lo;
            }
            a[i] = l;
            used[l]++;
        }
        int[] remap = new int[k];
        int n = 0;
        for (int l = 0; l < k; l++) remap[l] = used[l] > 0 ? n++ : -1;
        float[] c = new float[n];
        for (int l = 0; l < k; l++) if (remap[l] >= 0) c[remap[l]] = (float) lv[l];
        for (int i = 0; i < a.length; i++) if (a[i] >= 0) a[i] = remap[a[i]];
        return new QuantizedWeights(c, a);
    }
}
