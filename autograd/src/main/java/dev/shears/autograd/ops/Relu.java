package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** Element-wise {@code y = max(x, 0)}; {@code ∂x = gy} where {@code x > 0}, else 0 (PyTorch's choice at 0). NaN passes through. */
public final class Relu extends Node {

    private Relu(Variable x) {
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
            ys[i] = v > 0f ? v : (v == v ? 0f : v);
        }
        return record(y, () -> new Relu(x), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        Tensor x = input(0).data();
        float[] gs = gy.data(), d = new float[gy.numel()];
        int go = gy.offset(), xo = x.offset();
        float[] xs = x.data();
        for (int i = 0; i < d.length; i++) {
            float g = gs[go + i];
            float v = xs[xo + i];
            d[i] = v > 0f ? g : 0f;
        }
        return new Tensor[] {Tensor.of(d, gy.shape())};
    }
}
