package dev.shears.prune.score;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses which groups to prune, given group scores, so that the pruned fraction of weights hits a target
 * exactly (up to one group), with ties broken deterministically and no layer ever emptied.
 *
 * <p>fasterai thresholds at a quantile of the scores ({@code torch.quantile}) and keeps scores ≥ threshold,
 * so ties and interpolation can move the realised sparsity. Shears instead sorts groups by
 * (score, layer, group index) and prunes a prefix, which makes the realised sparsity exact and the choice
 * reproducible. As in fasterai, each layer keeps at least its best-scoring group (the threshold is clamped
 * to the layer's maximum score).
 *
 * <p>Local scope: each layer prunes round(s · groups) of its own groups. Global scope: one ordering over
 * all groups of all layers; groups are pruned in order while the pruned weight count stays nearest to
 * round(s · total weights) — fasterai counts groups, not weights, for global thresholds; Shears counts
 * weights so that the reported parameter sparsity is the one asked for.
 */
public final class MaskSelector {

    /** Local (per layer) or global (one ranking across layers). */
    public enum Scope { LOCAL, GLOBAL }

    /** One layer's input: the mean score per group and the (equal) size of each group. */
    public record LayerScores(double[] groupScores, int groupSize) {}

    private MaskSelector() {}

    /**
     * Returns, per layer, which groups to keep.
     *
     * @param sparsity target fraction of weights pruned, in [0, 1]
     */
    public static List<boolean[]> select(List<LayerScores> layers, double sparsity, Scope scope) {
        if (!(sparsity >= 0 && sparsity <= 1)) throw new IllegalArgumentException("sparsity must be in [0, 1], got " + sparsity);
        for (LayerScores l : layers) {
            for (double s : l.groupScores()) {
                if (Double.isNaN(s)) throw new IllegalArgumentException("NaN pruning score");
            }
        }
        List<boolean[]> keep = new ArrayList<>();
        for (LayerScores l : layers) {
            boolean[] k = new boolean[l.groupScores().length];
            java.util.Arrays.fill(k, true);
            keep.add(k);
        }
        if (scope == Scope.LOCAL) {
            for (int li = 0; li < layers.size(); li++) {
                LayerScores l = layers.get(li);
                int g = l.groupScores().length;
                int prune = Math.min((int) Math.round(sparsity * g), Math.max(0, g - 1));
                int[] order = order(l.groupScores());
                for (int i = 0; i < prune; i++) keep.get(li)[order[i]] = false;
            }
            return keep;
        }
        // global: order all groups by (score, layer, index)
        int total = 0;
        long weights = 0;
        for (LayerScores l : layers) {
            total += l.groupScores().length;
            weights += (long) l.groupScores().length * l.groupSize();
        }
        long[] refs = new long[total];
        double[] scores = new double[total];
        int p = 0;
        for (int li = 0; li < layers.size(); li++) {
            double[] s = layers.get(li).groupScores();
            for (int gi = 0; gi < s.length; gi++, p++) {
                refs[p] = ((long) li << 32) | gi;
                scores[p] = s[gi];
            }
        }
        int[] order = order(scores);
        // the protected group of each layer: its last in the global order (highest score, then highest index)
        int[] protectedGroup = new int[layers.size()];
        java.util.Arrays.fill(protectedGroup, -1);
        for (int i = 0; i < total; i++) {
            long r = refs[order[i]];
            protectedGroup[(int) (r >>> 32)] = (int) r;
        }
        long target = Math.round(sparsity * weights);
        long pruned = 0;
        for (int i = 0; i < total; i++) {
            long r = refs[order[i]];
            int li = (int) (r >>> 32), gi = (int) r;
            if (protectedGroup[li] == gi) continue;
            int size = layers.get(li).groupSize();
            if (size == 0) continue;
            // stop when pruning this group would land farther from the target than stopping here
            if (pruned + size - target > target - pruned) break;
            keep.get(li)[gi] = false;
            pruned += size;
        }
        return keep;
    }

    /**
     * Indices sorted by (score ascending, index ascending): a total order. Scores are compared as float32
     * (the precision of the weights they come from), packed with the index into one long so that a
     * primitive sort does the work — pruning runs every step under gradual schedules.
     */
    static int[] order(double[] scores) {
        long[] keys = new long[scores.length];
        for (int i = 0; i < keys.length; i++) {
            float f = (float) scores[i];
            int bits = Float.floatToIntBits(f == 0f ? 0f : f); // -0 ties with +0
            if (bits < 0) bits ^= 0x7fffffff; // negative floats: reverse, so signed int order is float order
            keys[i] = ((long) bits << 32) | i;
        }
        java.util.Arrays.sort(keys);
        int[] out = new int[keys.length];
        for (int i = 0; i < keys.length; i++) out[i] = (int) keys[i];
        return out;
    }
}
