package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** Element-wise {@code y = min(max(x, 0), 6)} (MobileNet's activation); {@code ∂x = gy} where {@code 0 < x < 6}, else 0. */
public final class Relu6 extends Node {

    private Tensor y;

    private Relu6(Variable x, Tensor y) {
        super(x);
        this.y = y;
    }

    /** x: any shape → y: same shape. */
    public static Variable apply(Variable x) {
        Tensor t = x.data();
        float[] xs = t.data();
        int xo = t.offset(), n = t.numel();
        Tensor y = Tensor.zeros(t.shape());
        float[] ys = y.data();
        for (int i = 0; i < n; i++) {
            float v = xs[xo + i];
            ys[i] = v <= 0f ? 0f : (v >= 6f ? 6f : v);
        }
        return record(y, () -> new Relu6(x, y), x);
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
            d[i] = v > 0f && v < 6f ? g : 0f;
        }
        return new Tensor[] {gx};
    }

    @Override protected void release() { y = null; }
}
