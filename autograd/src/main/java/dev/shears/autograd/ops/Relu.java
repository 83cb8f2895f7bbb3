package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Parallel;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.kernels.KernelProvider;
import dev.shears.tensor.kernels.Kernels;

/** Element-wise {@code y = max(x, 0)}; {@code ∂x = gy} where {@code x > 0}, else 0 (PyTorch's choice at 0). NaN passes through. */
public final class Relu extends Node {

    /** Elements per parallel task: fixed, so the split depends on the size only (element-wise: any split is exact). */
    static final int CHUNK = 1 << 15;

    private static final Kernels K = KernelProvider.get();

    private Relu(Variable x) {
        super(x);
    }

    /** x: any shape → y: same shape (the {@code relu} kernel, vectorised when available, on fixed-size chunks in parallel). */
    public static Variable apply(Variable x) {
        Tensor t = x.data();
        float[] xs = t.data();
        int xo = t.offset();
        Tensor y = Tensor.empty(t.shape());
        float[] ys = y.data();
        int n = ys.length;
        Parallel.forEach((n + CHUNK - 1) / CHUNK, k -> {
            int i = k * CHUNK;
            K.relu(xs, xo + i, ys, i, Math.min(CHUNK, n - i));
        });
        return record(y, () -> new Relu(x), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        Tensor x = input(0).data();
        Tensor gx = Tensor.empty(gy.shape());
        float[] gs = gy.data(), d = gx.data();
        int go = gy.offset(), xo = x.offset();
        float[] xs = x.data();
        int n = d.length;
        Parallel.forEach((n + CHUNK - 1) / CHUNK, k -> {
            int i = k * CHUNK;
            K.reluGrad(xs, xo + i, gs, go + i, d, i, Math.min(CHUNK, n - i));
        });
        return new Tensor[] {gx};
    }
}
