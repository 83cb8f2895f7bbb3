package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** Element-wise {@code y = x^p} for a constant exponent {@code p}; {@code ∂x = gy·p·x^(p−1)}. */
public final class Pow extends Node {

    private final float p;
    private Tensor y;

    private Pow(Variable x, Tensor y, float p) {
        super(x);
        this.y = y;
        this.p = p;
    }

    /** x: any shape → y: same shape. */
    public static Variable apply(Variable x, float p) {
        Tensor t = x.data();
        float[] xs = t.data();
        int xo = t.offset(), n = t.numel();
        Tensor y = Tensor.zeros(t.shape());
        float[] ys = y.data();
        for (int i = 0; i < n; i++) {
            float v = xs[xo + i];
            ys[i] = (float) Math.pow(v, p);
        }
        return record(y, () -> new Pow(x, y, p), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        Tensor x = input(0).data();
        float[] xs = x.data(), gs = gy.data(), ys = y.data();
        int xo = x.offset(), go = gy.offset(), yo = y.offset(), n = x.numel();
        Tensor gx = Tensor.zeros(x.shape());
        float[] d = gx.data();
        for (int i = 0; i < n; i++) {
            float g = gs[go + i];
            float v = xs[xo + i];
            d[i] = g * p * (float) Math.pow(v, p - 1f);
        }
        return new Tensor[] {gx};
    }

    @Override protected void release() { y = null; }
}
