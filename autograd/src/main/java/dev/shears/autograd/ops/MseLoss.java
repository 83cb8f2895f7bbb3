package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Shape;
import dev.shears.tensor.Tensor;

/**
 * Mean squared error {@code L = (1/n)·Σ (a − b)²} (PyTorch's {@code F.mse_loss}, mean reduction);
 * {@code ∂a = 2·(a − b)·gy/n}, {@code ∂b = −∂a}.
 */
public final class MseLoss extends Node {

    private Tensor diff;

    private MseLoss(Variable a, Variable b, Tensor diff) {
        super(a, b);
        this.diff = diff;
    }

    /** a, b: same shape → scalar []. */
    public static Variable apply(Variable a, Variable b) {
        if (!a.data().sameShape(b.data())) {
            throw new IllegalArgumentException("mse: " + Shape.str(a.shape()) + " vs " + Shape.str(b.shape()));
        }
        Tensor diff = a.data().sub(b.data());
        float[] d = diff.data();
        double s = 0;
        for (float v : d) s += (double) v * v;
        Tensor y = Tensor.scalar((float) (s / d.length));
        return record(y, () -> new MseLoss(a, b, diff), a, b);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        Tensor ga = diff.mul(2f * gy.item() / diff.numel());
        return new Tensor[] {needsGrad(0) ? ga : null, needsGrad(1) ? ga.mul(-1f) : null};
    }

    @Override protected void release() { diff = null; }
}
