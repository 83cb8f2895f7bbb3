package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** Element-wise {@code y = tanh(x)}; {@code ∂x = gy·(1 − y²)}. */
public final class Tanh extends Node {

    private Tensor y; // the output, which the derivative is written in

    private Tanh(Variable x, Tensor y) {
        super(x);
        this.y = y;
    }

    /** x: any shape → y: same shape. */
    public static Variable apply(Variable x) {
        Tensor y = ElementWise.map(x.data(), v -> (float) Math.tanh(v));
        return record(y, () -> new Tanh(x, y), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        return new Tensor[] {ElementWise.grad(gy, y, (g, out) -> g * (1f - out * out))};
    }

    @Override protected void release() { y = null; }
}
