package dev.shears.autograd.ops;

import dev.shears.tensor.Shape;
import dev.shears.tensor.Tensor;

/**
 * The adjoint of broadcasting: sums a gradient of the broadcast shape back to an operand's shape (over the
 * leading dimensions the operand lacks and over the dimensions where it has size 1).
 */
final class SumToShape {

    private SumToShape() {}

    static Tensor apply(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (java.util.Arrays.equals(gs, shape)) return g;
        int lead = gs.length - shape.length;
        if (lead < 0) throw new IllegalArgumentException("sumToShape: " + Shape.str(gs) + " to " + Shape.str(shape));
        Tensor t = g;
        for (int i = 0; i < lead; i++) t = t.sum(0, false);
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1 && t.dim(d) != 1) t = t.sum(d, true);
        }
        return t.reshape(shape);
    }
}
