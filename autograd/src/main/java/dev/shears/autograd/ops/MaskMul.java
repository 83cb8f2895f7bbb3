package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Shape;
import dev.shears.tensor.Tensor;

/**
 * {@code y = x ⊙ m} for a constant mask {@code m} of the same shape (pruning: a 0/1 mask keeps pruned weights
 * at zero and stops their gradient); {@code ∂x = gy ⊙ m}. The mask is not differentiated.
 */
public final class MaskMul extends Node {

    private Tensor mask;

    private MaskMul(Variable x, Tensor mask) {
        super(x);
        this.mask = mask;
    }

    /** x: any shape, mask: same shape → y: same shape. */
    public static Variable apply(Variable x, Tensor mask) {
        if (!x.data().sameShape(mask)) {
            throw new IllegalArgumentException("maskMul: mask " + Shape.str(mask.shape()) + " for " + Shape.str(x.shape()));
        }
        Tensor y = x.data().mul(mask);
        return record(y, () -> new MaskMul(x, mask), x);
    }

    @Override protected Tensor[] backward(Tensor gy) { return new Tensor[] {gy.mul(mask)}; }

    @Override protected void release() { mask = null; }
}
