package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** Element-wise {@code y = min(max(x, lo), hi)}; {@code ∂x = gy} where {@code lo ≤ x ≤ hi}, else 0 (PyTorch's convention at the bounds). */
public final class Clamp extends Node {

    private final float lo;
    private final float hi;

    private Clamp(Variable x, float lo, float hi) {
        super(x);
        this.lo = lo;
        this.hi = hi;
    }

    /** x: any shape → y: same shape. */
    public static Variable apply(Variable x, float lo, float hi) {
        Tensor t = x.data();
        float[] xs = t.data();
        int xo = t.offset();
        Tensor y = Tensor.zeros(t.shape());
        float[] ys = y.data();
        for (int i = 0; i < ys.length; i++) {
            float v = xs[xo + i];
            ys[i] = v < lo ? lo : (v > hi ? hi : v);
        }
        return record(y, () -> new Clamp(x, lo, hi), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        Tensor x = input(0).data();
        float[] gs = gy.data(), d = new float[gy.numel()];
        int go = gy.offset(), xo = x.offset();
        float[] xs = x.data();
        for (int i = 0; i < d.length; i++) {
            float g = gs[go + i];
            float v = xs[xo + i];
            d[i] = v >= lo && v <= hi ? g : 0f;
        }
        return new Tensor[] {Tensor.of(d, gy.shape())};
    }
}
