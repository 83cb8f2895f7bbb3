package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** Element-wise {@code y = x} for {@code x > 0}, else {@code slope·x}; {@code ∂x = gy} or {@code slope·gy} (PyTorch's default slope is 0.01). */
public final class LeakyRelu extends Node {

    private final float slope;

    private LeakyRelu(Variable x, float slope) {
        super(x);
        this.slope = slope;
    }

    /** x: any shape → y: same shape. */
    public static Variable apply(Variable x, float slope) {
        Tensor t = x.data();
        float[] xs = t.data();
        int xo = t.offset();
        Tensor y = Tensor.zeros(t.shape());
        float[] ys = y.data();
        for (int i = 0; i < ys.length; i++) {
            float v = xs[xo + i];
            ys[i] = v > 0f ? v : slope * v;
        }
        return record(y, () -> new LeakyRelu(x, slope), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        Tensor x = input(0).data();
        float[] gs = gy.data(), d = new float[gy.numel()];
        int go = gy.offset(), xo = x.offset();
        float[] xs = x.data();
        for (int i = 0; i < d.length; i++) {
            float g = gs[go + i];
            float v = xs[xo + i];
            d[i] = v > 0f ? g : slope * g;
        }
        return new Tensor[] {Tensor.of(d, gy.shape())};
    }
}
