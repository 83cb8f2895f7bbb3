package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** Element-wise {@code y = |x|}; {@code ∂x = gy·sign(x)} (0 at 0, like PyTorch). */
public final class Abs extends Node {

    private Abs(Variable x) {
        super(x);
    }

    /** x: any shape → y: same shape. */
    public static Variable apply(Variable x) {
        Tensor y = ElementWise.map(x.data(), v -> Math.abs(v));
        return record(y, () -> new Abs(x), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        return new Tensor[] {ElementWise.grad(gy, input(0).data(), (g, v) -> v > 0f ? g : (v < 0f ? -g : 0f))};
    }
}
