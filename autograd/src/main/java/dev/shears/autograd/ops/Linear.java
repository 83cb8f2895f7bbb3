package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Shape;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.gemm.Gemm;

/**
 * A fully connected layer, {@code Y = X·Wᵀ + b} (PyTorch's {@code F.linear}, weight stored [out, in]):
 * {@code ∂X = gY·W}, {@code ∂W = gYᵀ·X}, {@code ∂b = Σ_rows gY}.
 */
public final class Linear extends Node {

    private Linear(Variable x, Variable w, Variable b) { super(x, w, b); }

    /** x: [N, in], w: [out, in], b: [out] or null → y: [N, out]. */
    public static Variable apply(Variable x, Variable w, Variable b) {
        Tensor X = x.data(), W = w.data();
        if (X.rank() != 2 || W.rank() != 2 || X.dim(1) != W.dim(1)
                || (b != null && (b.data().rank() != 1 || b.dim(0) != W.dim(0)))) {
            throw new IllegalArgumentException("linear: x " + Shape.str(X.shape()) + ", weight " + Shape.str(W.shape())
                    + (b == null ? "" : ", bias " + Shape.str(b.shape())));
        }
        int n = X.dim(0), in = X.dim(1), out = W.dim(0);
        Tensor y = Tensor.empty(n, out);
        float[] yd = y.data();
        if (b != null) {
            float[] bd = b.data().data();
            int bo = b.data().offset();
            for (int r = 0; r < n; r++) System.arraycopy(bd, bo, yd, r * out, out);
        }
        Gemm.sgemm(false, true, n, out, in, 1f, X.data(), X.offset(), in, W.data(), W.offset(), in,
                b == null ? 0f : 1f, yd, 0, out);
        return record(y, () -> new Linear(x, w, b), x, w, b);
    }

    /** The weight gradient is a new tensor. */
    @Override protected boolean freshGradient(int i) { return i == 1; }

    @Override protected Tensor[] backward(Tensor gy) {
        Tensor X = input(0).data(), W = input(1).data();
        int n = X.dim(0), in = X.dim(1), out = W.dim(0);
        Tensor gx = null, gw = null, gb = null;
        if (needsGrad(0)) { // gx[N, in] = gy[N, out] · W[out, in]
            gx = Tensor.empty(n, in);
            Gemm.sgemm(false, false, n, in, out, 1f, gy.data(), gy.offset(), out, W.data(), W.offset(), in, 0f, gx.data(), 0, in);
        }
        if (needsGrad(1)) { // gw[out, in] = gyᵀ · X
            gw = gradientStorage(1); // recycled storage: overwritten whole (β = 0)
            if (gw == null) gw = Tensor.zeros(out, in);
            Gemm.sgemm(true, false, out, in, n, 1f, gy.data(), gy.offset(), out, X.data(), X.offset(), in, 0f, gw.data(), 0, in);
        }
        if (needsGrad(2)) gb = gy.sum(0, false);
        return new Tensor[] {gx, gw, gb};
    }
}
