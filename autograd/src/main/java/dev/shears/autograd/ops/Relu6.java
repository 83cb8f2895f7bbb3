package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** Element-wise {@code y = min(max(x, 0), 6)} (MobileNet's activation, Howard et al. 2017); {@code ∂x = gy} where {@code 0 < x < 6}, else 0. */
public final class Relu6 extends Node {

    private Relu6(Variable x) {
        super(x);
    }

    /** x: any shape → y: same shape. */
    public static Variable apply(Variable x) {
        Tensor y = ElementWise.map(x.data(), v -> v <= 0f ? 0f : (v >= 6f ? 6f : v));
        return record(y, () -> new Relu6(x), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        return new Tensor[] {ElementWise.grad(gy, input(0).data(), (g, v) -> v > 0f && v < 6f ? g : 0f)};
    }
}
