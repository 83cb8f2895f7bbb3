package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** Element-wise {@code y = sign(x)} ∈ {−1, 0, 1}; its derivative is 0 almost everywhere, so {@code ∂x = 0} (as in PyTorch). */
public final class Sign extends Node {

    private Sign(Variable x) {
        super(x);
    }

    /** x: any shape → y: same shape. */
    public static Variable apply(Variable x) {
        Tensor y = ElementWise.map(x.data(), v -> Math.signum(v));
        return record(y, () -> new Sign(x), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        return new Tensor[] {Tensor.zeros(input(0).shape())};
    }
}
