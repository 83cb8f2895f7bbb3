package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** Element-wise {@code y = max(x, 0)}; {@code ∂x = gy} where {@code x > 0}, else 0 (PyTorch's choice at 0). */
public final class Relu extends Node {

    private Tensor y;

    private Relu(Variable x, Tensor y) {
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
            ys[i] = v > 0f ? v : (v == v ? 0f : v);
        }
        return record(y, () -> new Relu(x, y), x);
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
            d[i] = v > 0f ? g : 0f;
        }
        return new Tensor[] {gx};
    }

    @Override protected void release() { y = null; }
}
