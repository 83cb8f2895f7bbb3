package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** {@code y = a − b} with broadcasting: {@code ∂a = gy}, {@code ∂b = −gy}, each summed to its shape. */
public final class Sub extends Node {

    private final int[] aShape, bShape;

    private Sub(Variable a, Variable b) {
        super(a, b);
        aShape = a.shape();
        bShape = b.shape();
    }

    /** a: any shape, b: broadcastable with a → y: the broadcast shape. */
    public static Variable apply(Variable a, Variable b) {
        Tensor y = a.data().sub(b.data());
        return record(y, () -> new Sub(a, b), a, b);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        return new Tensor[] {
            needsGrad(0) ? SumToShape.apply(gy, aShape) : null,
            needsGrad(1) ? SumToShape.apply(gy.mul(-1f), bShape) : null};
    }
}
