package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** Element-wise {@code y = a·x + b} for constants {@code a, b}; {@code ∂x = a·gy}. */
public final class ScaleShift extends Node {

    private final float a;
    private final float b;
    private Tensor y;

    private ScaleShift(Variable x, Tensor y, float a, float b) {
        super(x);
        this.y = y;
        this.a = a;
        this.b = b;
    }

    /** x: any shape → y: same shape. */
    public static Variable apply(Variable x, float a, float b) {
        Tensor t = x.data();
        float[] xs = t.data();
        int xo = t.offset(), n = t.numel();
        Tensor y = Tensor.zeros(t.shape());
        float[] ys = y.data();
        for (int i = 0; i < n; i++) {
            float v = xs[xo + i];
            ys[i] = a * v + b;
        }
        return record(y, () -> new ScaleShift(x, y, a, b), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        Tensor x = input(0).data();
        float[] xs = x.data(), gs = gy.data(), ys = y.data();
        int xo = x.offset(), go = gy.offset(), yo = y.offset(), n = x.numel();
        Tensor gx = Tensor.zeros(x.shape());
        float[] d = gx.data();
        for (int i = 0; i < n; i++) {
            float g = gs[go + i];
            d[i] = a * g;
        }
        return new Tensor[] {gx};
    }

    @Override protected void release() { y = null; }
}
