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
        Tensor y = ElementWise.map(x.data(), v -> v < lo ? lo : (v > hi ? hi : v));
        return record(y, () -> new Clamp(x, lo, hi), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        return new Tensor[] {ElementWise.grad(gy, input(0).data(), (g, v) -> v >= lo && v <= hi ? g : 0f)};
    }
}
