package dev.shears.prune;

import dev.shears.prune.score.Criterion;
import dev.shears.prune.score.Granularity;
import dev.shears.prune.score.Grouping;
import dev.shears.prune.score.MaskSelector;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Score-based pruning in the manner of fasterai's {@code Sparsifier} (Hubens): per-weight scores from a
 * {@link Criterion}, averaged over the groups of a {@link Granularity}, then the lowest-scoring groups are
 * masked, per layer ({@link MaskSelector.Scope#LOCAL}) or across layers ({@link MaskSelector.Scope#GLOBAL}).
 *
 * <p>Already-masked weights keep the lowest score, so sparsity only grows while the target grows (fasterai
 * multiplies positive-shifted scores by the mask; Shears shifts all layers' scores by one common amount so
 * that the shift cannot reorder layers under a global threshold). When the target shrinks (DSD), the
 * highest-scoring masked groups come back first: their weights restart at 0.
 *
 * <p>The reference weights of the "init" criteria are the weights when this pruner was made; the
 * "updating" variants of fasterai are obtained with {@link #updateReference()} after each pruning step.
 */
public final class Pruner {

    private final Criterion criterion;
    private final Granularity granularity;
    private final MaskSelector.Scope scope;
    private final Rng rng;
    private final Map<String, Tensor> reference = new LinkedHashMap<>();

    public Pruner(Criterion criterion, Granularity granularity, MaskSelector.Scope scope, List<PrunableLayer> layers, long seed) {
        this.criterion = criterion;
        this.granularity = granularity;
        this.scope = scope;
        this.rng = new Rng(seed);
        for (PrunableLayer l : layers) {
            if (!granularity.supports(l.weight().data().rank())) {
                throw new IllegalArgumentException("granularity " + granularity + " does not apply to layer " + l.name()
                        + " with weight " + java.util.Arrays.toString(l.weight().data().shape()));
            }
            if (criterion.needsReference()) reference.put(l.weightName(), l.weight().data().copy());
        }
    }

    public Criterion criterion() { return criterion; }

    public Granularity granularity() { return granularity; }

    public MaskSelector.Scope scope() { return scope; }

    /** Updates the reference weights from the current weights of {@code masks}' layers. */
    public void updateReference(MaskSet masks) {
        for (PrunableLayer l : masks.layers()) {
            if (reference.containsKey(l.weightName())) reference.put(l.weightName(), l.weight().data().copy());
        }
    }

    /**
     * Recomputes {@code masks} so that a fraction {@code sparsity} of the selected weights is masked, then
     * zeroes the masked weights. Returns the realised sparsity.
     */
    public double prune(MaskSet masks, double sparsity) {
        List<PrunableLayer> layers = masks.layers();
        List<float[]> scores = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        for (PrunableLayer l : layers) {
            float[] w = l.weight().data().toArray();
            Tensor ref = reference.get(l.weightName());
            float[] s = new float[w.length];
            criterion.score(w, ref == null ? null : ref.toArray(), rng, s);
            for (float v : s) min = Math.min(min, v);
            scores.add(s);
        }
        List<MaskSelector.LayerScores> groupScores = new ArrayList<>();
        List<Grouping> groupings = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            PrunableLayer l = layers.get(i);
            float[] s = scores.get(i), m = masks.mask(l).toArray();
            // shift to strictly positive with one common shift, then masked weights score 0
            for (int e = 0; e < s.length; e++) s[e] = m[e] == 0f ? 0f : (float) (s[e] - min + 1e-12 + Math.ulp(1f));
            Grouping g = granularity.groups(l.weight().data().shape());
            groupings.add(g);
            groupScores.add(new MaskSelector.LayerScores(g.reduceMean(s), g.groupSize()));
        }
        List<boolean[]> keep = MaskSelector.select(groupScores, sparsity, scope);
        for (int i = 0; i < layers.size(); i++) {
            Tensor mask = masks.mask(layers.get(i));
            float[] md = new float[mask.numel()];
            groupings.get(i).expand(keep.get(i), md);
            mask.copyFrom(Tensor.of(md, mask.shape()));
        }
        // with filter pruning a removed filter takes its bias and its batch norm's scale and shift along
        if (granularity.name().equals("filter")) masks.deriveChannelMasks();
        masks.applyToWeights();
        return masks.sparsity();
    }
}
