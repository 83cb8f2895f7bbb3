package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/**
 * {@code y_j = e^(x_j − max) / Σ_k e^(x_k − max)} along one axis (max subtracted for stability, sums in
 * double); {@code ∂x = y ⊙ (gy − Σ_k gy_k·y_k)}.
 */
public final class Softmax extends Node {

    private final int axis;
    private Tensor y;

    private Softmax(Variable x, int axis, Tensor y) {
        super(x);
        this.axis = axis;
        this.y = y;
    }

    /** x: any shape → y: same shape, each line along {@code axis} summing to 1. */
    public static Variable apply(Variable x, int axis) {
        Tensor y = forward(x.data(), axis, false);
        return record(y, () -> new Softmax(x, axis, y), x);
    }

    /** Softmax ({@code log == false}) or log-softmax of {@code x} along {@code axis}, as a new tensor. */
    static Tensor forward(Tensor x, int axis, boolean log) {
        AxisLayout l = AxisLayout.of(log ? "logSoftmax" : "softmax", x.shape(), axis);
        Tensor y = Tensor.zeros(x.shape());
        float[] xs = x.data(), ys = y.data();
        int xo = x.offset();
        for (int p = 0; p < l.outer(); p++) {
            for (int q = 0; q < l.inner(); q++) {
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < l.n(); j++) max = Math.max(max, xs[xo + l.index(p, j, q)]);
                double sum = 0;
                for (int j = 0; j < l.n(); j++) sum += Math.exp(xs[xo + l.index(p, j, q)] - max);
                double logSum = Math.log(sum);
                for (int j = 0; j < l.n(); j++) {
                    int i = l.index(p, j, q);
                    double z = xs[xo + i] - max;
                    ys[i] = (float) (log ? z - logSum : Math.exp(z) / sum);
                }
            }
        }
        return y;
    }

    @Override protected Tensor[] backward(Tensor gy) {
        AxisLayout l = AxisLayout.of("softmax", y.shape(), axis);
        Tensor gx = Tensor.zeros(y.shape());
        float[] ys = y.data(), gs = gy.data(), d = gx.data();
        int go = gy.offset();
        for (int p = 0; p < l.outer(); p++) {
            for (int q = 0; q < l.inner(); q++) {
                double dot = 0;
                for (int j = 0; j < l.n(); j++) {
                    int i = l.index(p, j, q);
                    dot += (double) gs[go + i] * ys[i];
                }
                for (int j = 0; j < l.n(); j++) {
                    int i = l.index(p, j, q);
                    d[i] = (float) (ys[i] * (gs[go + i] - dot));
                }
            }
        }
        return new Tensor[] {gx};
    }

    @Override protected void release() { y = null; }
}
