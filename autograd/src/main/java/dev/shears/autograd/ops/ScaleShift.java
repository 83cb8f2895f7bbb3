package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** Element-wise {@code y = a·x + b} for constants {@code a, b}; {@code ∂x = a·gy}. */
public final class ScaleShift extends Node {

    private final float a;
    private final float b;

    private ScaleShift(Variable x, float a, float b) {
        super(x);
        this.a = a;
        this.b = b;
    }

    /** x: any shape → y: same shape. */
    public static Variable apply(Variable x, float a, float b) {
        Tensor y = ElementWise.map(x.data(), v -> a * v + b);
        return record(y, () -> new ScaleShift(x, a, b), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        return new Tensor[] {ElementWise.map(gy, g -> a * g)};
    }
}
