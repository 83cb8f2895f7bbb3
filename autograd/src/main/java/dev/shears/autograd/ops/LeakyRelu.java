package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** Element-wise {@code y = x} for {@code x > 0}, else {@code slope·x}; {@code ∂x = gy} or {@code slope·gy} (PyTorch default slope 0.01). */
public final class LeakyRelu extends Node {

    private final float slope;
    private Tensor y;

    private LeakyRelu(Variable x, Tensor y, float slope) {
        super(x);
        this.y = y;
        this.slope = slope;
    }

    /** x: any shape → y: same shape. */
    public static Variable apply(Variable x, float slope) {
        Tensor t = x.data();
        float[] xs = t.data();
        int xo = t.offset(), n = t.numel();
        Tensor y = Tensor.zeros(t.shape());
        float[] ys = y.data();
        for (int i = 0; i < n; i++) {
            float v = xs[xo + i];
            ys[i] = v > 0f ? v : slope * v;
        }
        return record(y, () -> new LeakyRelu(x, y, slope), x);
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
            d[i] = v > 0f ? g : slope * g;
        }
        return new Tensor[] {gx};
    }

    @Override protected void release() { y = null; }
}
