package dev.shears.experiments.study;

import dev.shears.nn.Module;
import dev.shears.nn.models.Models;
import dev.shears.prune.LayerSelector;
import dev.shears.prune.MaskSet;
import dev.shears.prune.PrunableLayer;
import dev.shears.prune.Pruner;
import dev.shears.prune.score.Criterion;
import dev.shears.prune.score.Granularity;
import dev.shears.prune.score.MaskSelector;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Building the studies' networks, copying their weights, and the one-shot pruning of the baselines. */
public final class Networks {

    private Networks() {}

    /** A registered single-channel 28×28 model with {@code classes} outputs, initialised from {@code seed}. */
    public static Module build(String name, int classes, long seed) {
        return Models.spec(name).factory().create(1, classes, new Rng(seed));
    }

    /** A deep copy of the model's state (parameters and buffers). */
    public static Map<String, Tensor> snapshot(Module m) {
        Map<String, Tensor> s = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> s.put(k, v.copy()));
        return s;
    }

    /**
     * One-shot global magnitude pruning, no fine-tuning (Seto et al. 2021's final step; the peers'
     * {@code masks_for}): the {@code sparsity} fraction of smallest |w| over the weights of the conv and hidden
     * linear layers (the classifier excluded) is zeroed. Returns the masks.
     */
    public static MaskSet pruneOneShot(Module m, double sparsity, long seed) {
        List<PrunableLayer> layers = LayerSelector.defaults().select(m);
        MaskSet masks = new MaskSet(m, layers);
        if (sparsity > 0) new Pruner(Criterion.LARGE_FINAL, Granularity.WEIGHT, MaskSelector.Scope.GLOBAL, layers, seed).prune(masks, sparsity);
        masks.applyToWeights();
        return masks;
    }
}
