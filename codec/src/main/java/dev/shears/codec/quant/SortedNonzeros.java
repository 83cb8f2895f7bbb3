package dev.shears.codec.quant;

import java.util.Arrays;

/**
 * The nonzero weights of a layer sorted ascending, with their positions. One-dimensional quantizers work
 * on this order: clusters of the 1-D k-means and ECSQ problems are contiguous runs of it.
 */
final class SortedNonzeros {

    /** Nonzero values, ascending (ties in input order). */
    final double[] values;
    /** Input position of each sorted value. */
    final int[] positions;
    /** Number of distinct values. */
    final int distinct;

    SortedNonzeros(float[] weights, int levels) {
        if (levels < 1) throw new IllegalArgumentException("levels must be >= 1, got " + levels);
        int q = 0;
        for (float w : weights) {
            if (!Float.isFinite(w)) throw new IllegalArgumentException("weights must be finite, got " + w);
            if (w != 0f) q++;
        }
        // Sort (orderable float bits, position) pairs packed in longs: primitive sort, no boxing.
        long[] keys = new long[q];
        int j = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] == 0f) continue;
            int bits = Float.floatToIntBits(weights[i]);
            int orderable = bits ^ ((bits >> 31) & 0x7fffffff);
            keys[j++] = ((long) orderable << 32) | (i & 0xffffffffL);
        }
        Arrays.sort(keys);
        values = new double[q];
        positions = new int[q];
        int d = 0;
        for (int t = 0; t < q; t++) {
            positions[t] = (int) keys[t];
            values[t] = weights[positions[t]];
            if (t == 0 || values[t] != values[t - 1]) d++;
        }
        distinct = d;
    }

    int size() { return values.length; }

    /** The exact codebook when there are at most {@code levels} distinct values: no quantization error. */
    QuantizedWeights exact(int n) {
        float[] c = new float[distinct];
        int[] a = new int[n];
        Arrays.fill(a, QuantizedWeights.PRUNED);
        int l = -1;
        for (int t = 0; t < values.length; t++) {
            if (t == 0 || values[t] != values[t - 1]) c[++l] = (float) values[t];
            a[positions[t]] = l;
        }
        return new QuantizedWeights(c, a);
    }

    /**
     * Builds the result from a contiguous segmentation: sorted values {@code [start[l], start[l+1])} go to
     * centroid {@code centroids[l]}; segments must be nonempty and centroids ascending.
     */
    QuantizedWeights fromSegments(int n, int[] start, double[] centroids, int levels) {
        float[] c = new float[levels];
        int[] a = new int[n];
        Arrays.fill(a, QuantizedWeights.PRUNED);
        for (int l = 0; l < levels; l++) {
            c[l] = (float) centroids[l];
            for (int t = start[l]; t < start[l + 1]; t++) a[positions[t]] = l;
        }
        return new QuantizedWeights(c, a);
    }

    /** Initial centroids at the midpoints of k equal-count slices of the sorted values, duplicates removed. */
    double[] quantileInit(int k) {
        int q = values.length;
        double[] c = new double[k];
        int n = 0;
        for (int l = 0; l < k; l++) {
            double v = values[(int) Math.min(q - 1, ((2L * l + 1) * q) / (2L * k))];
            if (n == 0 || v != c[n - 1]) c[n++] = v;
        }
        return Arrays.copyOf(c, n);
    }

    /** Mean of sorted values [from, to), summed in order in double. */
    double mean(int from, int to) {
        double s = 0;
        for (int t = from; t < to; t++) s += values[t];
        return s / (to - from);
    }
}
