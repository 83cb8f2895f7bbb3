package dev.shears.prune.momentum;

import dev.shears.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sparse Momentum (Dettmers &amp; Zettlemoyer 2019, "Sparse Networks from Scratch: Faster Training without
 * Losing Performance", Algorithm 1): a sparse-to-sparse method that keeps the overall density fixed and
 * periodically moves weights between layers.
 *
 * <p>One {@link #step} at prune rate p:
 * <ol>
 *   <li>each layer i gets a share mᵢ = Mᵢ / Σₖ Mₖ, where Mᵢ is the mean momentum magnitude |μ| over its
 *       active (unmasked) weights;</li>
 *   <li>each layer removes ⌊p · activeᵢ⌋ active weights of smallest magnitude (|w|; ties by index); the total
 *       removed is K;</li>
 *   <li>each layer regrows round(mᵢ · K) inactive weights of largest momentum magnitude, initialised to 0. A
 *       layer cannot regrow more weights than it has inactive; the overflow goes to the other layers in
 *       order of share (the paper caps layer density the same way, its "redistribution" loop).</li>
 * </ol>
 * The paper decays p with a cosine from 0.5 to 0 and steps at the end of each epoch; {@link #cosinePruneRate}
 * gives that schedule. μ is the optimizer's momentum buffer (for SGD with momentum, PyTorch's
 * {@code momentum_buffer}).
 */
public final class SparseMomentum {

    /** What one step changed in one layer. */
    public record LayerChange(int pruned, int regrown) {}

    private SparseMomentum() {}

    /** The paper's prune-rate schedule: p(t) = p₀ · (1 + cos(π t)) / 2 for t ∈ [0, 1] the training fraction. */
    public static double cosinePruneRate(double initial, double fraction) {
        return initial * (1 + Math.cos(Math.PI * Math.min(1, Math.max(0, fraction)))) / 2;
    }

    /**
     * One prune–redistribute–regrow step. {@code masks} hold 0/1 and are updated; pruned weights are set to 0
     * and regrown ones start at 0. Returns the change per layer.
     */
    public static List<LayerChange> step(List<Tensor> weights, List<Tensor> masks, List<Tensor> momenta, double pruneRate) {
        int layers = weights.size();
        if (masks.size() != layers || momenta.size() != layers) throw new IllegalArgumentException("sparse momentum: list sizes differ");
        if (!(pruneRate >= 0 && pruneRate <= 1)) throw new IllegalArgumentException("prune rate must be in [0, 1], got " + pruneRate);
        double[] meanMom = new double[layers];
        int[] active = new int[layers];
        for (int l = 0; l < layers; l++) {
            Tensor w = weights.get(l), m = masks.get(l), mu = momenta.get(l);
            if (!w.sameShape(m) || !w.sameShape(mu)) throw new IllegalArgumentException("sparse momentum: shapes differ in layer " + l);
            float[] md = m.data(), mud = mu.data();
            double s = 0;
            for (int i = 0; i < m.numel(); i++) {
                if (md[m.offset() + i] != 0f) {
                    active[l]++;
                    s += Math.abs(mud[mu.offset() + i]);
                }
            }
            meanMom[l] = active[l] == 0 ? 0 : s / active[l];
        }
        double total = Arrays.stream(meanMom).sum();
        int[] pruned = new int[layers];
        long removed = 0;
        for (int l = 0; l < layers; l++) {
            pruned[l] = (int) Math.floor(pruneRate * active[l]);
            removeSmallest(weights.get(l), masks.get(l), pruned[l]);
            removed += pruned[l];
        }
        // regrowth budget per layer, capped by what each layer has free
        long[] budget = new long[layers];
        int[] free = new int[layers];
        long assigned = 0;
        for (int l = 0; l < layers; l++) {
            free[l] = masks.get(l).numel() - (active[l] - pruned[l]);
            double share = total > 0 ? meanMom[l] / total : 1.0 / layers;
            budget[l] = Math.min(free[l], Math.round(share * removed));
            assigned += budget[l];
        }
        Integer[] byShare = new Integer[layers];
        for (int l = 0; l < layers; l++) byShare[l] = l;
        Arrays.sort(byShare, (a, b) -> {
            int c = Double.compare(meanMom[b], meanMom[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        // rounding and caps: hand out (or take back) the difference in share order
        for (int k = 0; assigned < removed && k < layers; k++) {
            int l = byShare[k];
            long more = Math.min(free[l] - budget[l], removed - assigned);
            budget[l] += more;
            assigned += more;
        }
        for (int k = layers - 1; assigned > removed && k >= 0; k--) {
            int l = byShare[k];
            long less = Math.min(budget[l], assigned - removed);
            budget[l] -= less;
            assigned -= less;
        }
        List<LayerChange> out = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            regrowLargestMomentum(weights.get(l), masks.get(l), momenta.get(l), (int) budget[l]);
            out.add(new LayerChange(pruned[l], (int) budget[l]));
        }
        return out;
    }

    private static void removeSmallest(Tensor w, Tensor m, int count) {
        if (count == 0) return;
        float[] wd = w.data(), md = m.data();
        int n = w.numel();
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < n; i++) if (md[m.offset() + i] != 0f) live.add(i);
        live.sort((a, b) -> {
            int c = Float.compare(Math.abs(wd[w.offset() + a]), Math.abs(wd[w.offset() + b]));
            return c != 0 ? c : Integer.compare(a, b);
        });
        for (int k = 0; k < count; k++) {
            int i = live.get(k);
            md[m.offset() + i] = 0f;
            wd[w.offset() + i] = 0f;
        }
    }

    private static void regrowLargestMomentum(Tensor w, Tensor m, Tensor mu, int count) {
        if (count == 0) return;
        float[] wd = w.data(), md = m.data(), mud = mu.data();
        int n = w.numel();
        List<Integer> dead = new ArrayList<>();
        for (int i = 0; i < n; i++) if (md[m.offset() + i] == 0f) dead.add(i);
        dead.sort((a, b) -> {
            int c = Float.compare(Math.abs(mud[mu.offset() + b]), Math.abs(mud[mu.offset() + a]));
            return c != 0 ? c : Integer.compare(a, b);
        });
        for (int k = 0; k < count; k++) {
            int i = dead.get(k);
            md[m.offset() + i] = 1f;
            wd[w.offset() + i] = 0f;
        }
    }
}
