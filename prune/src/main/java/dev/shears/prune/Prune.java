package dev.shears.prune;

import dev.shears.nn.Module;
import dev.shears.prune.score.Criterion;
import dev.shears.prune.score.Granularity;
import dev.shears.prune.score.MaskSelector;
import java.util.List;

/**
 * One-call pruning: {@code Prune.prune(model, "magnitude", 0.9)} masks the 90% smallest weights of the
 * model's prunable layers (conv and linear, classifier excluded) with one global threshold, zeroes them, and
 * returns the masks (to keep them applied while fine-tuning, pass them to a {@link PruningCallback} or call
 * {@link MaskSet#applyToWeights()} after each step).
 */
public final class Prune {

    private Prune() {}

    /**
     * @param method a {@link Criterion} name ({@code magnitude} = large_final, {@code random}, {@code movement}, ...)
     */
    public static MaskSet prune(Module model, String method, double sparsity) {
        return prune(model, Criterion.parse(method), Granularity.WEIGHT, MaskSelector.Scope.GLOBAL, LayerSelector.defaults(), sparsity, 0);
    }

    /** Full control over criterion, granularity, scope and layer selection. */
    public static MaskSet prune(Module model, Criterion criterion, Granularity granularity, MaskSelector.Scope scope,
                                LayerSelector selector, double sparsity, long seed) {
        List<PrunableLayer> layers = selector.select(model);
        MaskSet masks = new MaskSet(model, layers);
        new Pruner(criterion, granularity, scope, layers, seed).prune(masks, sparsity);
        return masks;
    }
}
