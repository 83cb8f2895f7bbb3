package dev.shears.tensor.gemm;

/**
 * The GEMM micro-kernel: one MR×NR block of C from an MR-row panel of op(A) and an NR-column panel of
 * op(B), both packed: the inner kernel of Goto &amp; van de Geijn (2008), in the form of the BLIS
 * micro-kernel (Van Zee &amp; van de Geijn 2015, "BLIS: A framework for rapidly instantiating BLAS
 * functionality", ACM TOMS 41(3)).
 *
 * <p>Packed layouts, for {@code p} in {@code [0, kc)}: {@code a[aOff + p·MR + r]} holds {@code op(A)[r][p]}
 * and {@code b[bOff + p·NR + j]} holds {@code op(B)[p][j]}. Rows or columns past the edge of the matrix are
 * zero in the panels.
 *
 * <p>The contract, which every implementation meets bitwise: for {@code 1 <= kc <= MAX_KC} and each
 * {@code r < MR, j < NR},
 * <pre>
 *   ab = a[r]·b[j];  for p = 1 .. kc-1:  ab = fma(a[p·MR + r], b[p·NR + j], ab)      (in this order)
 *   C[r][j] = beta == 0 ? alpha·ab : fma(alpha, ab, beta·C[r][j])
 * </pre>
 * (Starting from the first product rather than from {@code fma(a, b, 0)} only differs in the sign of an
 * exact zero; it lets the vector kernel start its accumulators without a shared zero register.)
 * with {@code C[r][j]} at {@code c[cOff + r·ldc + j]}. Each element is an independent chain of fused
 * multiply-adds, so the result does not depend on MR, NR or on how lanes are grouped into registers.
 *
 * <p>{@link ScalarMicroKernel} is the specification; {@code VectorMicroKernel} implements the same contract
 * on the Vector API and is loaded only through
 * {@link dev.shears.tensor.kernels.KernelProvider#vectorOr}.
 */
public interface MicroKernel {

    /** Largest {@code kc} a kernel accepts; the engine uses {@link Gemm#KC}. */
    int MAX_KC = 512;

    /** A short name for reports, such as {@code "vector-11x32"}. */
    String name();

    /** Rows of the register block (height of an A panel). */
    int mr();

    /** Columns of the register block (width of a B panel). */
    int nr();

    /**
     * Computes one full MR×NR block of C as stated in the interface contract.
     *
     * @throws IllegalArgumentException if {@code kc} is outside {@code [1, MAX_KC]}
     */
    void multiply(int kc, float[] a, int aOff, float[] b, int bOff,
                  float alpha, float beta, float[] c, int cOff, int ldc);

    /**
     * {@link #multiply} with the B panel read in place instead of packed: row {@code p} of the panel is the
     * NR floats {@code b[rowAt[rowOff + p] + col ...]}. The result is that of {@code multiply} on a panel
     * holding those rows, bitwise. A direct convolution reads the shifted rows of a padded image this way
     * (see {@link Gemm#sgemmRows}), so the image is never copied into panels.
     *
     * @throws IllegalArgumentException if {@code kc} is outside {@code [1, MAX_KC]}
     */
    void multiplyRows(int kc, float[] a, int aOff, float[] b, int[] rowAt, int rowOff, int col,
                      float alpha, float beta, float[] c, int cOff, int ldc);

    /**
     * Packs one MR-row panel of op(A) as {@link PanelPacking#packA} does (the specification); a kernel may
     * pack faster, with the same result bitwise.
     */
    default void packA(boolean transA, float[] a, int aOff, int lda, int i0, int rows, int p0, int kc,
                       float[] dst, int dstOff) {
        PanelPacking.packA(transA, a, aOff, lda, i0, rows, p0, kc, mr(), dst, dstOff);
    }

    /**
     * Packs one MR-row panel of A given by row stride and column offsets, as {@link PanelPacking#packAColumns}
     * does (the specification); a kernel may override it with a faster copy of the same values.
     */
    default void packAColumns(float[] a, int aOff, int lda, int[] colAt, int i0, int rows, int p0, int kc,
                              float[] dst, int dstOff) {
        PanelPacking.packAColumns(a, aOff, lda, colAt, i0, rows, p0, kc, mr(), dst, dstOff);
    }

    /**
     * Packs one NR-column panel of B given by row and column offsets, as {@link PanelPacking#packBOffsets}
     * does (the specification); a kernel may override it with a faster copy of the same values.
     */
    default void packBOffsets(float[] b, int bOff, int[] rowAt, int[] colAt, int p0, int kc, int j0, int cols,
                              float[] dst, int dstOff) {
        PanelPacking.packBOffsets(b, bOff, rowAt, colAt, p0, kc, j0, cols, nr(), dst, dstOff);
    }

    /**
     * Packs one NR-column panel of op(B) as {@link PanelPacking#packB} does (the specification); a kernel
     * may pack faster, with the same result bitwise.
     */
    default void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int cols,
                       float[] dst, int dstOff) {
        PanelPacking.packB(transB, b, bOff, ldb, p0, kc, j0, cols, nr(), dst, dstOff);
    }
}
