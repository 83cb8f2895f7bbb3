package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** A view with a new shape (one dimension may be −1); the gradient is reshaped back. No copy. */
public final class Reshape extends Node {

    private final int[] inShape;

    private Reshape(Variable x) {
        super(x);
        inShape = x.shape();
    }

    /** x: any shape → y: {@code shape} (same element count). */
    public static Variable apply(Variable x, int... shape) {
        Tensor y = x.data().reshape(shape);
        return record(y, () -> new Reshape(x), x);
    }

    /** x: [N, d1, d2, ...] → y: [N, d1·d2·...] (PyTorch's {@code flatten(1)}). */
    public static Variable flatten(Variable x) {
        if (x.data().rank() < 1) throw new IllegalArgumentException("flatten: scalar input");
        return apply(x, x.dim(0), -1);
    }

    @Override protected Tensor[] backward(Tensor gy) { return new Tensor[] {gy.reshape(inShape)}; }
}
