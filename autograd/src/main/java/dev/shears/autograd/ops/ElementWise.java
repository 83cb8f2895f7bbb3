package dev.shears.autograd.ops;

import dev.shears.tensor.Tensor;

/**
 * The two loops every element-wise op shares, so that each op's file states only its formulas:
 * {@code y[i] = f(x[i])} forward, and {@code dx[i] = g(gy[i], z[i])} backward, where {@code z} is what the
 * op saved (its input or its output).
 */
final class ElementWise {

    /** A scalar function of one float. */
    interface Fn {
        float apply(float v);
    }

    /** A gradient rule: upstream gradient and the saved value → input gradient. */
    interface GradFn {
        float apply(float g, float z);
    }

    private ElementWise() {}

    /** x: any shape → f(x), same shape. */
    static Tensor map(Tensor x, Fn f) {
        Tensor y = Tensor.empty(x.shape());
        float[] xs = x.data(), ys = y.data();
        int xo = x.offset();
        for (int i = 0; i < ys.length; i++) ys[i] = f.apply(xs[xo + i]);
        return y;
    }

    /** gy, z: same shape → g(gy, z), same shape. */
    static Tensor grad(Tensor gy, Tensor z, GradFn g) {
        Tensor gx = Tensor.empty(gy.shape());
        float[] gs = gy.data(), zs = z.data(), d = gx.data();
        int go = gy.offset(), zo = z.offset();
        for (int i = 0; i < d.length; i++) d[i] = g.apply(gs[go + i], zs[zo + i]);
        return gx;
    }
}
