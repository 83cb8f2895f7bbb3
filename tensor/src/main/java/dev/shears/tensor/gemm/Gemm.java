package dev.shears.tensor.gemm;

/**
 * Single-precision general matrix multiply, BLAS-style:
 * {@code C = alpha · op(A) · op(B) + beta · C}, with {@code op(X) = X} or {@code Xᵀ}, all matrices
 * row-major with leading dimensions {@code lda, ldb, ldc}.
 *
 * <p>op(A) is m×k, op(B) is k×n, C is m×n. When {@code beta == 0}, C is overwritten (NaNs in C do not
 * propagate), as in BLAS.
 *
 * <p>PLACEHOLDER ENGINE: a plain loop nest; the packed, vectorised, multi-threaded engine replaces the body
 * of {@link #sgemm} without changing this contract.
 */
public final class Gemm {

    private Gemm() {}

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        checkArgs(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += av * bv;
                }
                int ci = cOff + i * ldc + j;
                c[ci] = beta == 0f ? alpha * s : alpha * s + beta * c[ci];
            }
        }
    }

    /** Validates dimensions and that every addressed element lies inside its array. */
    static void checkArgs(boolean transA, boolean transB, int m, int n, int k,
                          float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("sgemm: negative size m=" + m + " n=" + n + " k=" + k);
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        checkMatrix("A", a, aOff, lda, aRows, aCols);
        checkMatrix("B", b, bOff, ldb, bRows, bCols);
        checkMatrix("C", c, cOff, ldc, m, n);
    }

    private static void checkMatrix(String name, float[] x, int off, int ld, int rows, int cols) {
        if (rows == 0 || cols == 0) return;
        if (ld < cols) throw new IllegalArgumentException("sgemm: ld" + name + "=" + ld + " < columns " + cols);
        long last = (long) off + (long) (rows - 1) * ld + cols;
        if (off < 0 || last > x.length) {
            throw new IllegalArgumentException("sgemm: " + name + " [" + rows + "x" + cols + ", ld " + ld + ", offset "
                    + off + "] exceeds array of " + x.length);
        }
    }
}
