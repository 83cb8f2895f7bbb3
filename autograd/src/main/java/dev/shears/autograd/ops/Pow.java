package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** Element-wise {@code y = x^p} for a constant exponent {@code p}; {@code ∂x = gy·p·x^(p−1)}. */
public final class Pow extends Node {

    private final float p;

    private Pow(Variable x, float p) {
        super(x);
        this.p = p;
    }

    /** x: any shape → y: same shape. */
    public static Variable apply(Variable x, float p) {
        Tensor t = x.data();
        float[] xs = t.data();
        int xo = t.offset();
        Tensor y = Tensor.zeros(t.shape());
        float[] ys = y.data();
        for (int i = 0; i < ys.length; i++) {
            float v = xs[xo + i];
            ys[i] = (float) Math.pow(v, p);
        }
        return record(y, () -> new Pow(x, p), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        Tensor x = input(0).data();
        float[] gs = gy.data(), d = new float[gy.numel()];
        int go = gy.offset(), xo = x.offset();
        float[] xs = x.data();
        for (int i = 0; i < d.length; i++) {
            float g = gs[go + i];
            float v = xs[xo + i];
            d[i] = g * p * (float) Math.pow(v, p - 1f);
        }
        return new Tensor[] {Tensor.of(d, gy.shape())};
    }
}
