package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** Element-wise {@code y = √x}; {@code ∂x = gy / (2√x)}. */
public final class Sqrt extends Node {

    private Tensor y; // the output, which the derivative is written in

    private Sqrt(Variable x, Tensor y) {
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
            ys[i] = (float) Math.sqrt(v);
        }
        return record(y, () -> new Sqrt(x, y), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        float[] gs = gy.data(), d = new float[gy.numel()];
        int go = gy.offset(), yo = y.offset();
        float[] ys = y.data();
        for (int i = 0; i < d.length; i++) {
            float g = gs[go + i];
            float out = ys[yo + i];
            d[i] = g * 0.5f / out;
        }
        return new Tensor[] {Tensor.of(d, gy.shape())};
    }

    @Override protected void release() { y = null; }
}
