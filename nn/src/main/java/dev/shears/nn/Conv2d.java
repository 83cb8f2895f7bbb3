package dev.shears.nn;

import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Init;
import dev.shears.tensor.random.Rng;

/**
 * 2-D convolution layer, weight [out, in/groups, k, k], optional bias [out]. PyTorch's default
 * initialisation: uniform in ±1/√fanIn with fanIn = (in/groups)·k·k for weight and bias
 * ({@link Init#torchDefault}), weight drawn first.
 */
public final class Conv2d extends Module {

    public final int inChannels, outChannels, kernel, stride, padding, dilation, groups;
    private final Variable weight, bias;

    public Conv2d(int in, int out, int kernel, int stride, int padding, int dilation, int groups, boolean bias, Rng rng) {
        if (in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException("Conv2d: channels " + in + "→" + out + " not divisible by groups " + groups);
        }
        this.inChannels = in;
        this.outChannels = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        int fanIn = in / groups * kernel * kernel;
        Tensor w = Tensor.zeros(out, in / groups, kernel, kernel);
        Init.torchDefault(rng, w.data(), fanIn);
        weight = registerParameter("weight", w);
        if (bias) {
            Tensor b = Tensor.zeros(out);
            Init.torchDefault(rng, b.data(), fanIn);
            this.bias = registerParameter("bias", b);
        } else {
            this.bias = null;
        }
    }

    /** Dilation 1, one group, with bias. */
    public Conv2d(int in, int out, int kernel, int stride, int padding, Rng rng) {
        this(in, out, kernel, stride, padding, 1, 1, true, rng);
    }

    public Variable weight() { return weight; }

    /** The bias, or null. */
    public Variable bias() { return bias; }

    /** x: [N, in, H, W] → [N, out, outH, outW]. */
    @Override public Variable forward(Variable x) {
        return dev.shears.autograd.ops.Conv2d.apply(x, weight, bias, stride, padding, dilation, groups);
    }
}
