package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** Element-wise {@code y = min(max(x, 0), 6)} (MobileNet's activation, Howard et al. 2017); {@code ∂x = gy} where {@code 0 < x < 6}, else 0. */
public final class Relu6 extends Node {

    private Relu6(Variable x) {
        super(x);
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
            ys[i] = v <= 0f ? 0f : (v >= 6f ? 6f : v);
        }
        return record(y, () -> new Relu6(x), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        Tensor x = input(0).data();
        float[] gs = gy.data(), d = new float[gy.numel()];
        int go = gy.offset(), xo = x.offset();
        float[] xs = x.data();
        for (int i = 0; i < d.length; i++) {
            float g = gs[go + i];
            float v = xs[xo + i];
            d[i] = v > 0f && v < 6f ? g : 0f;
        }
        return new Tensor[] {Tensor.of(d, gy.shape())};
    }
}
