package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** Element-wise {@code y = √x}; {@code ∂x = gy / (2√x)}. */
public final class Sqrt extends Node {

    private Tensor y; // the output, which the derivative is written in

    private Sqrt(Variable x, Tensor y) {
        super(x);
        this.y = y;
    }

    /** x: any shape → y: same shape. */
    public static Variable apply(Variable x) {
        Tensor y = ElementWise.map(x.data(), v -> (float) Math.sqrt(v));
        return record(y, () -> new Sqrt(x, y), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        return new Tensor[] {ElementWise.grad(gy, y, (g, out) -> g * 0.5f / out)};
    }

    @Override protected void release() { y = null; }
}
