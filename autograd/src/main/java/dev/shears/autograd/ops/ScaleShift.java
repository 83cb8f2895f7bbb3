package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** Element-wise {@code y = a·x + b} for constants {@code a, b}; {@code ∂x = a·gy}. */
public final class ScaleShift extends Node {

    private final float a;
    private final float b;

    private ScaleShift(Variable x, float a, float b) {
        super(x);
        this.a = a;
        this.b = b;
    }

    /** x: any shape → y: same shape. */
    public static Variable apply(Variable x, float a, float b) {
        Tensor t = x.data();
        float[] xs = t.data();
        int xo = t.offset();
        Tensor y = Tensor.zeros(t.shape());
        float[] ys = y.data();
        for (int i = 0; i < ys.length; i++) {
            float v = xs[xo + i];
            ys[i] = a * v + b;
        }
        return record(y, () -> new ScaleShift(x, a, b), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        float[] gs = gy.data(), d = new float[gy.numel()];
        int go = gy.offset();
        for (int i = 0; i < d.length; i++) {
            float g = gs[go + i];
            d[i] = a * g;
        }
        return new Tensor[] {Tensor.of(d, gy.shape())};
    }
}
