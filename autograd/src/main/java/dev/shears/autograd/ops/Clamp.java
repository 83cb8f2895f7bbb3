package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** Element-wise {@code y = min(max(x, lo), hi)}; {@code ∂x = gy} where {@code lo ≤ x ≤ hi}, else 0 (PyTorch's convention at the bounds). */
public final class Clamp extends Node {

    private final float lo;
    private final float hi;
    private Tensor y;

    private Clamp(Variable x, Tensor y, float lo, float hi) {
        super(x);
        this.y = y;
        this.lo = lo;
        this.hi = hi;
    }

    /** x: any shape → y: same shape. */
    public static Variable apply(Variable x, float lo, float hi) {
        Tensor t = x.data();
        float[] xs = t.data();
        int xo = t.offset(), n = t.numel();
        Tensor y = Tensor.zeros(t.shape());
        float[] ys = y.data();
        for (int i = 0; i < n; i++) {
            float v = xs[xo + i];
            ys[i] = v < lo ? lo : (v > hi ? hi : v);
        }
        return record(y, () -> new Clamp(x, y, lo, hi), x);
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
            d[i] = v >= lo && v <= hi ? g : 0f;
        }
        return new Tensor[] {gx};
    }

    @Override protected void release() { y = null; }
}
