package dev.shears.prune.score;

/**
 * The partition of one weight tensor into pruning groups (see {@link Granularity}). Groups are numbered in
 * row-major order over the kept (non-reduced) dimensions; every group has the same size.
 */
public final class Grouping {

    private final int[] groupOf; // element -> group
    private final int groupCount;
    private final int groupSize;

    Grouping(int[] shape, boolean[] reduced) {
        int rank = shape.length;
        int numel = 1, groups = 1;
        for (int d = 0; d < rank; d++) {
            numel *= shape[d];
            if (!reduced[d]) groups *= shape[d];
        }
        groupCount = groups;
        groupSize = groups == 0 ? 0 : numel / groups;
        groupOf = new int[numel];
        int[] idx = new int[rank];
        for (int e = 0; e < numel; e++) {
            int g = 0;
            for (int d = 0; d < rank; d++) if (!reduced[d]) g = g * shape[d] + idx[d];
            groupOf[e] = g;
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
    }

    public int groupCount() { return groupCount; }

    public int groupSize() { return groupSize; }

    /** The group of element {@code e} (row-major flat index). */
    public int groupOf(int e) { return groupOf[e]; }

    /** Mean of {@code scores} over each group. */
    public double[] reduceMean(float[] scores) {
        double[] g = new double[groupCount];
        for (int e = 0; e < scores.length; e++) g[groupOf[e]] += scores[e];
        for (int i = 0; i < groupCount; i++) g[i] /= groupSize;
        return g;
    }

    /** Expands a per-group keep decision into a 0/1 mask over elements. */
    public void expand(boolean[] keepGroup, float[] mask) {
        for (int e = 0; e < mask.length; e++) mask[e] = keepGroup[groupOf[e]] ? 1f : 0f;
    }
}
