package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/**
 * {@code y_j = x_j − max − ln Σ_k e^(x_k − max)} along one axis; {@code ∂x = gy − e^y ⊙ Σ_k gy_k}.
 */
public final class LogSoftmax extends Node {

    private final int axis;
    private Tensor y;

    private LogSoftmax(Variable x, int axis, Tensor y) {
        super(x);
        this.axis = axis;
        this.y = y;
    }

    /** x: any shape → y: same shape. */
    public static Variable apply(Variable x, int axis) {
        Tensor y = Softmax.forward(x.data(), axis, true);
        return record(y, () -> new LogSoftmax(x, axis, y), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        AxisLayout l = AxisLayout.of("logSoftmax", y.shape(), axis);
        Tensor gx = Tensor.zeros(y.shape());
        float[] ys = y.data(), gs = gy.data(), d = gx.data();
        int go = gy.offset();
        for (int p = 0; p < l.outer(); p++) {
            for (int q = 0; q < l.inner(); q++) {
                double sum = 0;
                for (int j = 0; j < l.n(); j++) sum += gs[go + l.index(p, j, q)];
                for (int j = 0; j < l.n(); j++) {
                    int i = l.index(p, j, q);
                    d[i] = (float) (gs[go + i] - Math.exp(ys[i]) * sum);
                }
            }
        }
        return new Tensor[] {gx};
    }

    @Override protected void release() { y = null; }
}
