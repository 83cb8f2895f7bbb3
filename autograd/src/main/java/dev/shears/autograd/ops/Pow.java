package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** Element-wise {@code y = x^p} for a constant exponent {@code p}; {@code ∂x = gy·p·x^(p−1)}. */
public final class Pow extends Node {

    private final float p;

    private Pow(Variable x, float p) {
        super(x);
        this.p = p;
    }

    /** x: any shape → y: same shape. */
    public static Variable apply(Variable x, float p) {
        Tensor y = ElementWise.map(x.data(), v -> (float) Math.pow(v, p));
        return record(y, () -> new Pow(x, p), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        return new Tensor[] {ElementWise.grad(gy, input(0).data(), (g, v) -> g * p * (float) Math.pow(v, p - 1f))};
    }
}
