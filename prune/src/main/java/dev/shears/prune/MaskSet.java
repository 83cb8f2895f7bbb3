package dev.shears.prune;

import dev.shears.autograd.Variable;
import dev.shears.nn.BatchNorm2d;
import dev.shears.nn.Module;
import dev.shears.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pruning masks of a model: one 0/1 tensor per pruned weight, plus the derived masks of what must be
 * zeroed with a filter (the conv's bias and the scale and shift of the batch norm that follows it), as in
 * fasterai v1's filter pruning. The effective weight is weight × mask: {@link #applyToWeights()} zeroes
 * masked weights in place and {@link #applyToGradients()} zeroes their gradients, so that masked weights stay
 * exactly zero through SGD, momentum and weight decay.
 */
public final class MaskSet {

    private final Module model;
    private final List<PrunableLayer> layers;
    private final LinkedHashMap<String, Tensor> masks = new LinkedHashMap<>();
    /** Derived per-channel masks: parameter → mask over its elements (bias, BN weight, BN bias). */
    private final LinkedHashMap<Variable, Tensor> channelMasks = new LinkedHashMap<>();

    /** All-ones masks for the given layers of {@code model}. */
    public MaskSet(Module model, List<PrunableLayer> layers) {
        this.model = model;
        this.layers = List.copyOf(layers);
        for (PrunableLayer l : layers) masks.put(l.weightName(), Tensor.ones(l.weight().data().shape()));
    }

    public List<PrunableLayer> layers() { return layers; }

    /** The mask of a layer's weight. */
    public Tensor mask(PrunableLayer layer) { return masks.get(layer.weightName()); }

    /** Masks by weight name ({@code features.0.weight}), live. */
    public Map<String, Tensor> masks() { return Collections.unmodifiableMap(masks); }

    /**
     * Marks output channels whose whole filter is masked as removed: their bias and, if the model has a
     * {@link BatchNorm2d} directly after the conv in module order, that BN's weight and bias are masked too.
     * Called after updating masks with filter granularity.
     */
    public void deriveChannelMasks() {
        channelMasks.clear();
        List<Map.Entry<String, Module>> order = new ArrayList<>(model.namedModules().entrySet());
        for (PrunableLayer l : layers) {
            Tensor m = mask(l);
            int out = m.dim(0), per = m.numel() / out;
            Tensor ch = Tensor.zeros(out);
            boolean any = false;
            for (int o = 0; o < out; o++) {
                boolean alive = false;
                for (int i = 0; i < per && !alive; i++) alive = m.data()[o * per + i] != 0f;
                ch.data()[o] = alive ? 1f : 0f;
                any |= !alive;
            }
            if (!any) continue;
            if (l.bias() != null) channelMasks.put(l.bias(), ch);
            if (l.isConv()) {
                for (int i = 0; i < order.size() - 1; i++) {
                    if (order.get(i).getValue() == l.module() && order.get(i + 1).getValue() instanceof BatchNorm2d bn
                            && bn.numFeatures == out) {
                        channelMasks.put(bn.weight(), ch);
                        channelMasks.put(bn.bias(), ch);
                    }
                }
            }
        }
    }

    /** weight ← weight × mask for every layer (and derived channel masks). */
    public void applyToWeights() {
        for (PrunableLayer l : layers) l.weight().data().muli(mask(l));
        for (Map.Entry<Variable, Tensor> e : channelMasks.entrySet()) e.getKey().data().muli(e.getValue());
    }

    /** grad ← grad × mask, for parameters that have a gradient. */
    public void applyToGradients() {
        for (PrunableLayer l : layers) {
            Tensor g = l.weight().grad();
            if (g != null) g.muli(mask(l));
        }
        for (Map.Entry<Variable, Tensor> e : channelMasks.entrySet()) {
            Tensor g = e.getKey().grad();
            if (g != null) g.muli(e.getValue());
        }
    }

    /** Fraction of masked weights over all layers. */
    public double sparsity() {
        long zeros = 0, total = 0;
        for (Tensor m : masks.values()) {
            float[] d = m.data();
            for (int i = 0; i < m.numel(); i++) if (d[m.offset() + i] == 0f) zeros++;
            total += m.numel();
        }
        return total == 0 ? 0 : (double) zeros / total;
    }

    /** The masks as {@code mask.<weight name>} tensors, for checkpoints (copies). */
    public LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        masks.forEach((k, v) -> out.put("mask." + k, v.copy()));
        return out;
    }

    /** Restores masks saved by {@link #stateDict()}; every mask must be present with its shape. */
    public void loadStateDict(Map<String, Tensor> state, boolean filterGranularity) {
        for (Map.Entry<String, Tensor> e : masks.entrySet()) {
            Tensor saved = state.get("mask." + e.getKey());
            if (saved == null) throw new IllegalArgumentException("checkpoint has no mask for " + e.getKey());
            if (!saved.sameShape(e.getValue())) {
                throw new IllegalArgumentException("mask of " + e.getKey() + " has shape " + java.util.Arrays.toString(saved.shape())
                        + ", weight " + java.util.Arrays.toString(e.getValue().shape()));
            }
        }
        for (Map.Entry<String, Tensor> e : masks.entrySet()) e.getValue().copyFrom(state.get("mask." + e.getKey()));
        if (filterGranularity) deriveChannelMasks();
        else channelMasks.clear();
        applyToWeights();
    }

    /** The model these masks belong to. */
    public Module model() { return model; }
}
