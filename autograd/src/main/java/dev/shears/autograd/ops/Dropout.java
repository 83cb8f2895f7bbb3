package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;

/**
 * Inverted dropout (Srivastava et al., JMLR 2014, with PyTorch's train-time scaling): each element is zeroed
 * with probability p and the survivors are scaled by 1/(1 − p), so evaluation needs no rescaling;
 * {@code ∂x = gy ⊙ mask}. The mask is drawn from the given {@link Rng} in element order, so a seed fixes it.
 */
public final class Dropout extends Node {

    private Tensor mask;

    private Dropout(Variable x, Tensor mask) {
        super(x);
        this.mask = mask;
    }

    /** x: any shape → y: same shape. {@code p} in [0, 1]. */
    public static Variable apply(Variable x, float p, Rng rng) {
        if (!(p >= 0f && p <= 1f)) throw new IllegalArgumentException("dropout: p = " + p);
        Tensor mask = Tensor.zeros(x.shape());
        float keep = p == 1f ? 0f : 1f / (1f - p);
        float[] m = mask.data();
        for (int i = 0; i < m.length; i++) m[i] = rng.nextFloat() >= p ? keep : 0f;
        Tensor y = x.data().mul(mask);
        return record(y, () -> new Dropout(x, mask), x);
    }

    @Override protected Tensor[] backward(Tensor gy) { return new Tensor[] {gy.mul(mask)}; }

    @Override protected void release() { mask = null; }
}
