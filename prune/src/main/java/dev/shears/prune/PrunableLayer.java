package dev.shears.prune;

import dev.shears.autograd.Variable;
import dev.shears.nn.Conv2d;
import dev.shears.nn.Linear;
import dev.shears.nn.Module;

/**
 * A layer whose weight can be pruned: a {@link Conv2d} (weight [out, in/groups, kh, kw]) or a
 * {@link Linear} (weight [out, in]), under its dotted module name.
 */
public record PrunableLayer(String name, Module module, Variable weight) {

    /** The weight's parameter name, e.g. {@code features.0.weight}. */
    public String weightName() { return name.isEmpty() ? "weight" : name + ".weight"; }

    /** True for convolutions. */
    public boolean isConv() { return module instanceof Conv2d; }

    /** The layer's bias, or null. */
    public Variable bias() {
        if (module instanceof Conv2d c) return c.bias();
        if (module instanceof Linear l) return l.bias();
        return null;
    }

    /** Number of weights. */
    public int size() { return weight.data().numel(); }
}
