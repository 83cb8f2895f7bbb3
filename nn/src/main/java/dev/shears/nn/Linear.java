package dev.shears.nn;

import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Init;
import dev.shears.tensor.random.Rng;

/**
 * Fully connected layer {@code y = x·Wᵀ + b}, weight [out, in]. PyTorch's default initialisation: weight and
 * bias uniform in ±1/√in ({@link Init#torchDefault}), weight drawn first.
 */
public final class Linear extends Module {

    public final int inFeatures, outFeatures;
    private final Variable weight, bias;

    public Linear(int in, int out, boolean bias, Rng rng) {
        this.inFeatures = in;
        this.outFeatures = out;
        Tensor w = Tensor.zeros(out, in);
        Init.torchDefault(rng, w.data(), in);
        weight = registerParameter("weight", w);
        if (bias) {
            Tensor b = Tensor.zeros(out);
            Init.torchDefault(rng, b.data(), in);
            this.bias = registerParameter("bias", b);
        } else {
            this.bias = null;
        }
    }

    public Linear(int in, int out, Rng rng) { this(in, out, true, rng); }

    public Variable weight() { return weight; }

    /** The bias, or null. */
    public Variable bias() { return bias; }

    /** x: [N, in] → [N, out]. */
    @Override public Variable forward(Variable x) { return dev.shears.autograd.ops.Linear.apply(x, weight, bias); }
}
