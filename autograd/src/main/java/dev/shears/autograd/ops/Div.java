package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** {@code y = a / b} with broadcasting: {@code ∂a = gy / b}, {@code ∂b = −gy ⊙ a / b²}, summed to shape. */
public final class Div extends Node {

    private Div(Variable a, Variable b) { super(a, b); }

    /** a: any shape, b: broadcastable with a → y: the broadcast shape. */
    public static Variable apply(Variable a, Variable b) {
        Tensor y = a.data().div(b.data());
        return record(y, () -> new Div(a, b), a, b);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        Tensor a = input(0).data(), b = input(1).data();
        Tensor ga = needsGrad(0) ? SumToShape.apply(gy.div(b), a.shape()) : null;
        Tensor gb = null;
        if (needsGrad(1)) gb = SumToShape.apply(gy.mul(a).div(b.mul(b)).mul(-1f), b.shape());
        return new Tensor[] {ga, gb};
    }
}
