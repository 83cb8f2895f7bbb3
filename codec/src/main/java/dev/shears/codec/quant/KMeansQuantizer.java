package dev.shears.codec.quant;

import java.util.Arrays;

/**
 * Cluster-based weight sharing, CWS (Marinò et al., arXiv 2108.12704 §3.2, after Han et al. 2016): k-means
 * over the nonzero weights of a layer, each weight replaced by its centroid.
 *
 * <p>Choices where the paper is silent: the problem is 1-D, so the weights are sorted once and every
 * cluster is a contiguous run; initial centroids are the midpoints of k equal-count slices (quantile
 * initialisation — deterministic, no seed needed); Lloyd iterations alternate nearest-centroid assignment
 * (ties to the lower centroid) and mean updates summed in sorted order, until the assignment stops changing
 * or {@code maxIterations} is reached; clusters that become empty are dropped.
 */
public final class KMeansQuantizer implements Quantizer {

    private final int maxIterations;

    /** CWS with at most {@code maxIterations} Lloyd iterations (≥ 1). */
    public KMeansQuantizer(int maxIterations) {
        if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be >= 1");
        this.maxIterations = maxIterations;
    }

    /** CWS with 100 Lloyd iterations at most. */
    public KMeansQuantizer() { this(100); }

    @Override public String name() { return "cws"; }

    @Override public QuantizedWeights quantize(float[] weights, int levels) {
        SortedNonzeros s = new SortedNonzeros(weights, levels);
        if (s.distinct <= levels) return s.exact(weights.length);
        Lloyd lloyd = new Lloyd(s, s.quantileInit(levels));
        for (int it = 0; it < maxIterations; it++) {
            if (!lloyd.step((v, l) -> Math.abs(v - lloyd.centroids[l]))) break;
        }
        return s.fromSegments(weights.length, lloyd.start, lloyd.centroids, lloyd.levels);
    }

    /** Lloyd-style alternation over contiguous segments, shared with {@link EntropyConstrainedQuantizer}. */
    static final class Lloyd {
        final SortedNonzeros s;
        double[] centroids;
        int levels;
        int[] start;
        private final int[] assign;

        Lloyd(SortedNonzeros s, double[] init) {
            this.s = s;
            this.centroids = init;
            this.levels = init.length;
            this.assign = new int[s.size()];
            this.start = null;
        }

        /** One assignment + update; returns false when the segmentation did not change. */
        boolean step(MonotoneAssignment.Cost cost) {
            MonotoneAssignment.assign(s.values, levels, cost, assign);
            int[] newStart = new int[levels + 1];
            double[] newC = new double[levels];
            int n = 0, t = 0, q = s.size();
            for (int l = 0; l < levels; l++) {
                int from = t;
                while (t < q && assign[t] == l) t++;
                if (t > from) {
                    newStart[n] = from;
                    newC[n++] = s.mean(from, t);
                }
            }
            newStart[n] = q;
            int[] ns = Arrays.copyOf(newStart, n + 1);
            boolean changed = start == null || !Arrays.equals(ns, start);
            start = ns;
            centroids = Arrays.copyOf(newC, n);
            levels = n;
            return changed;
        }

        int count(int l) { return start[l + 1] - start[l]; }
    }
}
