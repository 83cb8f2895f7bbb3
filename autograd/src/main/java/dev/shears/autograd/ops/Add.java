package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** {@code y = a + b} with NumPy broadcasting; each gradient is {@code gy} summed to its operand's shape. */
public final class Add extends Node {

    private final int[] aShape, bShape;

    private Add(Variable a, Variable b) {
        super(a, b);
        aShape = a.shape();
        bShape = b.shape();
    }

    /** a: any shape, b: broadcastable with a → y: the broadcast shape. */
    public static Variable apply(Variable a, Variable b) {
        Tensor y = a.data().add(b.data());
        return record(y, () -> new Add(a, b), a, b);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        return new Tensor[] {
            needsGrad(0) ? SumToShape.apply(gy, aShape) : null,
            needsGrad(1) ? SumToShape.apply(gy, bShape) : null};
    }
}
