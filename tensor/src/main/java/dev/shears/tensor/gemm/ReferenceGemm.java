package dev.shears.tensor.gemm;

/**
 * The specification of what {@link Gemm#sgemm} computes, element by element, as plain loops.
 *
 * <p>For each element, the k range is cut into consecutive blocks of {@link Gemm#KC}; each block is one
 * chain of fused multiply-adds started from its first product, and is folded into C with the
 * {@link MicroKernel} write-back rule ({@code beta} for the first block, {@code 1} afterwards):
 * <pre>
 *   for each block [p0, p1):  ab = op(A)[i][p0]·op(B)[p0][j]
 *                             for p in (p0, p1): ab = fma(op(A)[i][p], op(B)[p][j], ab)
 *                             C[i][j] = (first block and beta == 0) ? alpha·ab : fma(alpha, ab, beta'·C[i][j])
 * </pre>
 * The blocked engine performs exactly these operations in exactly this order for every element, whatever
 * the micro-kernel shape, the tiling or the number of threads, so it must agree with this class bitwise.
 * It also serves as the fast path for tiny products, where packing costs more than it saves.
 */
final class ReferenceGemm {

    private ReferenceGemm() {}

    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        if (k == 0 || alpha == 0f) {
            Gemm.scale(m, n, beta, c, cOff, ldc);
            return;
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int ci = cOff + i * ldc + j;
                for (int p0 = 0; p0 < k; p0 += Gemm.KC) {
                    int p1 = Math.min(k, p0 + Gemm.KC);
                    float ab = 0f;
                    for (int p = p0; p < p1; p++) {
                        float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                        float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                        ab = p == p0 ? av * bv : Math.fma(av, bv, ab);
                    }
                    c[ci] = ScalarMicroKernel.update(alpha, ab, p0 == 0 ? beta : 1f, c[ci]);
                }
            }
        }
    }
}
