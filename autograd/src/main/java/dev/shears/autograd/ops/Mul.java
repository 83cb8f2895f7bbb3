package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** {@code y = a ⊙ b} with broadcasting: {@code ∂a = gy ⊙ b}, {@code ∂b = gy ⊙ a}, each summed to its shape. */
public final class Mul extends Node {

    private Mul(Variable a, Variable b) { super(a, b); }

    /** a: any shape, b: broadcastable with a → y: the broadcast shape. */
    public static Variable apply(Variable a, Variable b) {
        Tensor y = a.data().mul(b.data());
        return record(y, () -> new Mul(a, b), a, b);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        Tensor a = input(0).data(), b = input(1).data();
        return new Tensor[] {
            needsGrad(0) ? SumToShape.apply(gy.mul(b), a.shape()) : null,
            needsGrad(1) ? SumToShape.apply(gy.mul(a), b.shape()) : null};
    }
}
