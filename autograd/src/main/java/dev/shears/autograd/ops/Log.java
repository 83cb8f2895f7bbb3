package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** Element-wise {@code y = ln x}; {@code ∂x = gy / x}. */
public final class Log extends Node {

    private Log(Variable x) {
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
            ys[i] = (float) Math.log(v);
        }
        return record(y, () -> new Log(x), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        Tensor x = input(0).data();
        float[] gs = gy.data(), d = new float[gy.numel()];
        int go = gy.offset(), xo = x.offset();
        float[] xs = x.data();
        for (int i = 0; i < d.length; i++) {
            float g = gs[go + i];
            float v = xs[xo + i];
            d[i] = g / v;
        }
        return new Tensor[] {Tensor.of(d, gy.shape())};
    }
}
