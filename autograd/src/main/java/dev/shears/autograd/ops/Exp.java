package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** Element-wise {@code y = e^x}; {@code ∂x = gy·y}. */
public final class Exp extends Node {

    private Tensor y; // the output, which the derivative is written in

    private Exp(Variable x, Tensor y) {
        super(x);
        this.y = y;
    }

    /** x: any shape → y: same shape. */
    public static Variable apply(Variable x) {
        Tensor y = ElementWise.map(x.data(), v -> (float) Math.exp(v));
        return record(y, () -> new Exp(x, y), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        return new Tensor[] {ElementWise.grad(gy, y, (g, out) -> g * out)};
    }

    @Override protected void release() { y = null; }
}
