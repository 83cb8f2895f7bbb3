package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Shape;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.gemm.Gemm;

/** Matrix product {@code Y = A·B}; {@code ∂A = gY·Bᵀ}, {@code ∂B = Aᵀ·gY}. */
public final class MatMul extends Node {

    private MatMul(Variable a, Variable b) { super(a, b); }

    /** a: [M, K], b: [K, N] → y: [M, N]. */
    public static Variable apply(Variable a, Variable b) {
        Tensor A = a.data(), B = b.data();
        if (A.rank() != 2 || B.rank() != 2 || A.dim(1) != B.dim(0)) {
            throw new IllegalArgumentException("matmul: shapes " + Shape.str(A.shape()) + " and " + Shape.str(B.shape()));
        }
        return record(A.matmul(B), () -> new MatMul(a, b), a, b);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        Tensor A = input(0).data(), B = input(1).data();
        int m = A.dim(0), k = A.dim(1), n = B.dim(1);
        Tensor gA = null, gB = null;
        if (needsGrad(0)) { // gA[M, K] = gy[M, N] · Bᵀ
            gA = Tensor.zeros(m, k);
            Gemm.sgemm(false, true, m, k, n, 1f, gy.data(), gy.offset(), n, B.data(), B.offset(), n, 0f, gA.data(), 0, k);
        }
        if (needsGrad(1)) { // gB[K, N] = Aᵀ · gy[M, N]
            gB = Tensor.zeros(k, n);
            Gemm.sgemm(true, false, k, n, m, 1f, A.data(), A.offset(), k, gy.data(), gy.offset(), n, 0f, gB.data(), 0, n);
        }
        return new Tensor[] {gA, gB};
    }
}
