package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** Element-wise {@code y = 1 / (1 + e^(−x))}, computed in double without overflow; {@code ∂x = gy·y·(1 − y)}. */
public final class Sigmoid extends Node {

    private Tensor y; // the output, which the derivative is written in

    private Sigmoid(Variable x, Tensor y) {
        super(x);
        this.y = y;
    }

    /** x: any shape → y: same shape. */
    public static Variable apply(Variable x) {
        Tensor t = x.data();
        float[] xs = t.data();
        int xo = t.offset();
        Tensor y = Tensor.zeros(t.shape());
        float[] ys = y.data();
        for (int i = 0; i < ys.length; i++) {
            float v = xs[xo + i];
            ys[i] = v >= 0f ? (float) (1.0 / (1.0 + Math.exp(-v))) : (float) (Math.exp(v) / (1.0 + Math.exp(v)));
        }
        return record(y, () -> new Sigmoid(x, y), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        float[] gs = gy.data(), d = new float[gy.numel()];
        int go = gy.offset(), yo = y.offset();
        float[] ys = y.data();
        for (int i = 0; i < d.length; i++) {
            float g = gs[go + i];
            float out = ys[yo + i];
            d[i] = g * out * (1f - out);
        }
        return new Tensor[] {Tensor.of(d, gy.shape())};
    }

    @Override protected void release() { y = null; }
}
