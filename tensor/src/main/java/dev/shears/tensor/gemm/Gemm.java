package dev.shears.tensor.gemm;

import dev.shears.tensor.kernels.KernelProvider;
import java.util.Objects;

/**
 * Single-precision general matrix multiply, BLAS-style:
 * {@code C = alpha · op(A) · op(B) + beta · C}, with {@code op(X) = X} or {@code Xᵀ}, all matrices
 * row-major with leading dimensions {@code lda, ldb, ldc}.
 *
 * <p>op(A) is m×k, op(B) is k×n, C is m×n. When {@code beta == 0}, C is overwritten (NaNs in C do not
 * propagate), as in BLAS; when {@code k == 0} or {@code alpha == 0}, A and B are not read and C becomes
 * {@code beta · C}.
 *
 * <p>The engine is {@link BlockedGemm}: packed panels, cache blocking and a register-tiled micro-kernel
 * after Goto &amp; van de Geijn (2008), "Anatomy of high-performance matrix multiplication", ACM TOMS
 * 34(3), with the BLIS micro-kernel structure (Van Zee &amp; van de Geijn 2015). The micro-kernel is the
 * Vector API one when {@code jdk.incubator.vector} is present, else the scalar reference.
 *
 * <p>Results are deterministic: every element is the same sequence of fused multiply-adds (one chain per
 * block of {@link #KC} products, blocks folded into C in order) for any thread count and either kernel,
 * as specified by {@link ReferenceGemm}.
 */
public final class Gemm {

    /**
     * Depth of one k block: the length of each fused multiply-add chain before it is folded into C. Part
     * of the numerical definition of the result, so it is a constant, not a tuning knob. 256 keeps an
     * 11×256 A panel (11 KiB) and a 256×32 B panel (32 KiB) together in a 48 KiB L1.
     */
    public static final int KC = 256;

    /** Products with fewer multiply-adds than this take the unpacked {@link ReferenceGemm} loops. */
    private static final long SMALL = 16L * 16 * 16;

    private static final MicroKernel KERNEL = KernelProvider.vectorOr(
            "dev.shears.tensor.gemm.VectorMicroKernel", MicroKernel.class, new ScalarMicroKernel(4, 16));

    private Gemm() {}

    /** The micro-kernel in use, such as {@code "vector-11x32"} or {@code "scalar-4x16"}. */
    public static String kernelName() { return KERNEL.name(); }

    /**
     * {@code C = alpha · op(A) · op(B) + beta · C} on row-major matrices stored at offsets in arrays.
     * Safe to call from several threads at once on disjoint C: each calling thread packs into its own
     * reusable buffers; the work itself runs on {@link dev.shears.tensor.Parallel}.
     *
     * @param transA use Aᵀ: A is then stored k×m
     * @param transB use Bᵀ: B is then stored n×k
     * @param lda    distance between rows of A as stored (at least its column count)
     * @throws IllegalArgumentException if a size is negative or a matrix does not fit in its array
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        sgemm(KERNEL, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** {@link #sgemm} with a given micro-kernel, for tests comparing kernels. */
    static void sgemm(MicroKernel kernel, boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        checkArgs(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
        } else if ((long) m * n * k < SMALL) {
            ReferenceGemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            BlockedGemm.sgemm(kernel, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /**
     * Packs op(A) (m×k, {@code A} stored k×m when {@code transA}) once for several products with the same A
     * (see {@link PackedA}), into {@code buffer} when it is large enough (it is then the packing's storage), else
     * into a new array.
     *
     * @throws IllegalArgumentException if a size is negative or A does not fit in its array
     */
    public static PackedA packA(boolean transA, int m, int k, float[] a, int aOff, int lda, float[] buffer) {
        if (m < 0 || k < 0) throw new IllegalArgumentException("packA: negative size m=" + m + " k=" + k);
        checkMatrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        return BlockedGemm.packA(KERNEL, transA, m, k, a, aOff, lda, buffer);
    }

    /**
     * Packs an m×k matrix A whose rows lie {@code lda} floats apart and whose columns sit at arbitrary offsets:
     * {@code A[i][p] = a[aOff + i·lda + colAt[p]]}. A permutation of the columns (such as a convolution's
     * kernels flipped and regrouped for its input gradient) is packed in one pass, without first writing the
     * permuted matrix. Same layout and use as {@link #packA(boolean, int, int, float[], int, int, float[])}.
     *
     * @throws IllegalArgumentException if a size is negative, {@code colAt} has not k entries, or an element
     *         lies outside {@code a}
     */
    public static PackedA packA(int m, int k, float[] a, int aOff, int lda, int[] colAt, float[] buffer) {
        if (m < 0 || k < 0) throw new IllegalArgumentException("packA: negative size m=" + m + " k=" + k);
        if (colAt.length != k) throw new IllegalArgumentException("packA: " + colAt.length + " column offsets for k=" + k);
        if (m > 0 && k > 0) {
            long lo = min(colAt), hi = max(colAt);
            long first = aOff + Math.min(0, (long) (m - 1) * lda) + lo, last = aOff + Math.max(0, (long) (m - 1) * lda) + hi;
            if (first < 0 || last >= a.length) {
                throw new IllegalArgumentException("packA: A [" + m + "x" + k + ", ld " + lda + ", offset " + aOff
                        + ", column offsets " + lo + ".." + hi + "] exceeds array of " + a.length);
            }
        }
        return BlockedGemm.packA(KERNEL, m, k, (i0, rows, p0, kc, dst, dstOff) ->
                KERNEL.packAColumns(a, aOff, lda, colAt, i0, rows, p0, kc, dst, dstOff), buffer);
    }

    /**
     * Packs {@code into.length} m×k matrices read from one array, {@code A_t[i][p] = a[aOff + i·lda + p·colStride + t·tapStep]}:
     * the taps of a convolution's weights {@code [O, C, taps]} as one matrix per tap, {@code W_t[o][c] = w[o][c][t]}
     * (lda = C·taps, colStride = taps, tapStep = 1), or transposed and flipped for the input gradient. Each
     * element of {@code a} is read once, the taps of a kernel element as one run; the result equals
     * {@link #packA(int, int, float[], int, int, int[], float[])} of each A_t bitwise. Tap t packs into
     * {@code into[t]} when that is long enough (null or short: a new array).
     *
     * @throws IllegalArgumentException if a size is negative or an element lies outside {@code a}
     */
    public static PackedA[] packTaps(int m, int k, float[] a, int aOff, int lda, int colStride, int tapStep, float[][] into) {
        if (m < 0 || k < 0) throw new IllegalArgumentException("packTaps: negative size m=" + m + " k=" + k);
        if (m > 0 && k > 0 && into.length > 0) {
            long lo = aOff, hi = aOff;
            for (long step : new long[] {(long) (m - 1) * lda, (long) (k - 1) * colStride, (long) (into.length - 1) * tapStep}) {
                lo += Math.min(0, step);
                hi += Math.max(0, step);
            }
            if (lo < 0 || hi >= a.length) {
                throw new IllegalArgumentException("packTaps: " + into.length + " matrices " + m + "x" + k + " (ld " + lda + ", column stride "
                        + colStride + ", tap step " + tapStep + ", offset " + aOff + ") reach " + lo + ".." + hi + " outside an array of " + a.length);
            }
        }
        return BlockedGemm.packTaps(KERNEL, m, k, a, aOff, lda, colStride, tapStep, into);
    }

    /**
     * A k×n operand B whose rows and columns each sit at offsets, {@code B[p][j] = b[bOff + rowAt[p] + colAt[j]]},
     * for the {@code sgemm(PackedA, ...)} products: its panels are packed straight from {@code b}. A
     * convolution's transposed column matrix is such a matrix over a zero-padded image (rows: output pixels,
     * columns: channel and tap), so its weight gradient needs no column matrix written out. {@code rowAt}
     * needs k entries and {@code colAt} n.
     *
     * @throws IllegalArgumentException if some element would lie outside {@code b}
     */
    public static PackedB offsetB(float[] b, int bOff, int[] rowAt, int[] colAt) {
        if (rowAt.length > 0 && colAt.length > 0) {
            long lo = bOff + (long) min(rowAt) + min(colAt), hi = bOff + (long) max(rowAt) + max(colAt);
            if (lo < 0 || hi >= b.length) {
                throw new IllegalArgumentException("offsetB: elements at " + lo + ".." + hi + " outside an array of " + b.length);
            }
        }
        return (p0, kc, j0, cols, nr, dst, dstOff) -> KERNEL.packBOffsets(b, bOff, rowAt, colAt, p0, kc, j0, cols, dst, dstOff);
    }

    private static int min(int[] x) {
        int m = Integer.MAX_VALUE;
        for (int v : x) m = Math.min(m, v);
        return m;
    }

    private static int max(int[] x) {
        int m = Integer.MIN_VALUE;
        for (int v : x) m = Math.max(m, v);
        return m;
    }

    /** Floats {@link #packA} needs for an m×k op(A): the buffer size to keep for reuse. */
    public static int packedASize(int m, int k) { return PackedA.size(m, k, KERNEL.mr()); }

    /**
     * {@code C = alpha · A · B + beta · C} with A packed beforehand and the k×n operand B given by its panel
     * packer (such as a convolution's implicit im2col): the result of {@link #sgemm} on the matrices
     * themselves, bitwise. Always blocked, small products too: ReferenceGemm would give the same bits.
     */
    public static void sgemm(PackedA a, int n, float alpha, PackedB b, float beta, float[] c, int cOff, int ldc) {
        if (n < 0) throw new IllegalArgumentException("sgemm: negative size n=" + n);
        checkMatrix("C", c, cOff, ldc, a.m, n);
        if (a.m == 0 || n == 0) return;
        if (a.k == 0 || alpha == 0f) {
            scale(a.m, n, beta, c, cOff, ldc);
        } else {
            BlockedGemm.sgemm(KERNEL, a, n, alpha, b, beta, c, cOff, ldc);
        }
    }

    /** {@link #sgemm(PackedA, int, float, PackedB, float, float[], int, int)} with op(B) stored as a matrix. */
    public static void sgemm(PackedA a, boolean transB, int n, float alpha, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        if (n < 0) throw new IllegalArgumentException("sgemm: negative size n=" + n);
        checkMatrix("B", b, bOff, ldb, transB ? n : a.k, transB ? a.k : n);
        sgemm(a, n, alpha, BlockedGemm.matrixB(KERNEL, transB, b, bOff, ldb), beta, c, cOff, ldc);
    }

    /**
     * {@code C = alpha · A · B + beta · C} with A packed beforehand and the k×n operand B read in place: row
     * {@code p} of B is the {@code n} floats from {@code b[rowAt[p]]} on. Rows may overlap and come in any
     * order: a direct convolution passes the shifted rows of a padded image (one per channel and tap), so the
     * image is never copied into panels. The result is that of {@link #sgemm} on the matrix with those rows,
     * bitwise.
     *
     * <p>The kernel reads whole panels: each row must have {@link #panelWidth} · ceil(n / panelWidth) floats
     * in {@code b} (the values past column n are read and their products discarded).
     *
     * @throws IllegalArgumentException if a size is negative, {@code rowAt} has fewer than k rows, or a row
     *                                  or C does not fit in its array
     */
    public static void sgemmRows(PackedA a, int n, float alpha, float[] b, int[] rowAt, float beta, float[] c, int cOff, int ldc) {
        rows(a, n, alpha, b, rowAt, null, beta, c, cOff, ldc);
    }

    /**
     * {@link #sgemmRows(PackedA, int, float, float[], int[], float, float[], int, int)} with B's panels placed
     * apart: columns {@code [q·NR, (q + 1)·NR)} of row p ({@code NR = }{@link #panelWidth}) are the floats
     * {@code b[rowAt[p] + panelAt[q] ...]}, {@code B[p][j] = b[rowAt[p] + panelAt[j / NR] + j % NR]}. A weight
     * gradient reads its transposed column matrix this way from images laid out channels last: row p is an
     * output pixel, each panel NR channels under one kernel tap. The result is that of {@link #sgemm} on the
     * matrix with those elements, bitwise.
     *
     * @throws IllegalArgumentException if a size is negative, {@code rowAt} has fewer than k rows or
     *                                  {@code panelAt} fewer than ceil(n / NR) panels, or a panel row or C does
     *                                  not fit in its array
     */
    public static void sgemmRows(PackedA a, int n, float alpha, float[] b, int[] rowAt, int[] panelAt, float beta,
                                 float[] c, int cOff, int ldc) {
        rows(a, n, alpha, b, rowAt, Objects.requireNonNull(panelAt, "panelAt"), beta, c, cOff, ldc);
    }

    /** Both {@code sgemmRows}: {@code panelAt} null places panel q at q·NR (side by side), with no array per call. */
    private static void rows(PackedA a, int n, float alpha, float[] b, int[] rowAt, int[] panelAt, float beta,
                             float[] c, int cOff, int ldc) {
        if (n < 0) throw new IllegalArgumentException("sgemm: negative size n=" + n);
        checkMatrix("C", c, cOff, ldc, a.m, n);
        if (a.m == 0 || n == 0) return;
        if (a.k == 0 || alpha == 0f) {
            scale(a.m, n, beta, c, cOff, ldc);
            return;
        }
        int panels = (n + panelWidth() - 1) / panelWidth();
        if (rowAt.length < a.k || panelAt != null && panelAt.length < panels) {
            throw new IllegalArgumentException("sgemm: " + rowAt.length + " row offsets for k=" + a.k + ", "
                    + (panelAt == null ? 0 : panelAt.length) + " panel offsets for " + panels);
        }
        long lo = panelAt == null ? 0 : Long.MAX_VALUE, hi = panelAt == null ? (long) (panels - 1) * panelWidth() : Long.MIN_VALUE;
        for (int q = 0; panelAt != null && q < panels; q++) {
            lo = Math.min(lo, panelAt[q]);
            hi = Math.max(hi, panelAt[q]);
        }
        for (int p = 0; p < a.k; p++) { // every panel of the row inside b: the lowest and the highest suffice
            if (rowAt[p] + lo < 0 || rowAt[p] + hi + panelWidth() > b.length) {
                throw new IllegalArgumentException("sgemm: row " + p + " of B at " + rowAt[p] + " with panels at " + lo + ".." + hi
                        + " exceeds array of " + b.length);
            }
        }
        BlockedGemm.sgemmRows(KERNEL, a, n, alpha, b, rowAt, panelAt, beta, c, cOff, ldc);
    }

    /**
     * {@code C = beta · C + Σ_s A_s · B_s}: products of the same m × n and their own depths k_s (those of
     * {@code a[s]}), C's column j of row i at {@code c[cOff + i·ldc + colAt[j]]} (n = {@code colAt.length}).
     * The result is, bitwise, that of the products computed one after the other by {@link #sgemm} into C (the
     * first with {@code beta}, the next ones with 1), but the engine keeps each tile of C in its buffer across
     * the segments (see {@link BlockedGemmSum}). The offsets must address distinct elements.
     *
     * @throws IllegalArgumentException if there is no segment, {@code a} and {@code b} differ in length, the A_s
     *         differ in rows, or an element of C lies outside {@code c}
     */
    public static void sgemmSum(PackedA[] a, PackedB[] b, float beta, float[] c, int cOff, int ldc, int[] colAt) {
        if (a.length == 0 || a.length != b.length) {
            throw new IllegalArgumentException("sgemmSum: " + a.length + " A segments and " + b.length + " B segments");
        }
        int m = a[0].m;
        long depth = 0;
        for (PackedA s : a) {
            if (s.m != m || s.mr != KERNEL.mr()) {
                throw new IllegalArgumentException("sgemmSum: segment of " + s.m + " rows packed for MR " + s.mr + ", expected " + m + " and " + KERNEL.mr());
            }
            depth += s.k;
        }
        int n = colAt.length;
        if (m == 0 || n == 0) return;
        long lo = cOff + (long) min(colAt), hi = cOff + (long) (m - 1) * ldc + max(colAt);
        if (ldc < 0 || lo < 0 || hi >= c.length) {
            throw new IllegalArgumentException("sgemmSum: C elements at " + lo + ".." + hi + " (ld " + ldc + ") outside an array of " + c.length);
        }
        if (depth == 0) {
            for (int i = 0; i < m; i++) {
                for (int at : colAt) c[cOff + i * ldc + at] = beta == 0f ? 0f : beta * c[cOff + i * ldc + at];
            }
            return;
        }
        BlockedGemmSum.sgemm(KERNEL, a, b, beta, c, cOff, ldc, colAt);
    }

    /** Columns of the micro-kernel's B panels (NR): the granularity in which {@link #sgemmRows} reads rows. */
    public static int panelWidth() { return KERNEL.nr(); }

    /** {@code C = beta · C}, or zeros when {@code beta == 0}. */
    static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) c[ci + j] = beta == 0f ? 0f : beta * c[ci + j];
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
