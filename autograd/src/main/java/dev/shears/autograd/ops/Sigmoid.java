package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** Element-wise {@code y = 1 / (1 + e^(−x))}, computed in double without overflow; {@code ∂x = gy·y·(1 − y)}. */
public final class Sigmoid extends Node {

    private Tensor y; // the output, which the derivative is written in

    private Sigmoid(Variable x, Tensor y) {
        super(x);
        this.y = y;
    }

    /** x: any shape → y: same shape. */
    public static Variable apply(Variable x) {
        Tensor y = ElementWise.map(x.data(), v -> v >= 0f ? (float) (1.0 / (1.0 + Math.exp(-v))) : (float) (Math.exp(v) / (1.0 + Math.exp(v))));
        return record(y, () -> new Sigmoid(x, y), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        return new Tensor[] {ElementWise.grad(gy, y, (g, out) -> g * out * (1f - out))};
    }

    @Override protected void release() { y = null; }
}
