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
        Tensor t = x.data();
        float[] xs = t.data();
        int xo = t.offset();
        Tensor y = Tensor.zeros(t.shape());
        float[] ys = y.data();
        for (int i = 0; i < ys.length; i++) {
            float v = xs[xo + i];
            ys[i] = Math.signum(v);
        }
        return record(y, () -> new Sign(x), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        return new Tensor[] {Tensor.zeros(input(0).shape())};
    }
}
