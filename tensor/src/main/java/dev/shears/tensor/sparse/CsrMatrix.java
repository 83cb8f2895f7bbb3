package dev.shears.tensor.sparse;

import dev.shears.tensor.Parallel;
import dev.shears.tensor.Shape;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.kernels.KernelProvider;
import dev.shears.tensor.kernels.Kernels;
import java.util.Arrays;

/**
 * An immutable sparse matrix in compressed sparse row (CSR) form, used for the weights of pruned layers.
 *
 * <p>Layout, after Saad, <i>Iterative Methods for Sparse Linear Systems</i> (2nd ed., 2003), §3.4, with
 * 0-based indices. A {@code rows × cols} matrix {@code S} with {@code nnz} stored entries is three arrays:
 * <pre>
 *   rowPtr: int[rows + 1]   rowPtr[0] = 0, non-decreasing, rowPtr[rows] = nnz
 *   colIdx: int[nnz]        the column of each entry, in [0, cols), strictly increasing within a row
 *   values: float[nnz]      the entries; row i is values[rowPtr[i] .. rowPtr[i+1])
 * </pre>
 * For example {@code [[0, 5, 0], [0, 0, 0], [7, 0, 8]]} is rowPtr {@code [0, 1, 1, 3]}, colIdx
 * {@code [1, 0, 2]}, values {@code [5, 7, 8]}. A stored entry may be 0 (a kept weight that happens to be
 * zero, see {@link #fromDense(float[], int, int, int, float[], int)}).
 *
 * <p>Two products cover the pruned layers:
 * <ul>
 *   <li>{@link #sparseTimesDense}: {@code Y[m, n] = S[m, k] · X[k, n]}, a convolution with {@code X} the
 *       im2col columns of one image and group (weights {@code [oc, ic·kh·kw]}).</li>
 *   <li>{@link #denseTimesTransposed}: {@code Y[b, m] = X[b, k] · S[m, k]ᵀ}, a linear layer
 *       ({@code S} = weight {@code [out, in]}, {@code X} a batch of inputs).</li>
 * </ul>
 * Numerics (our choice, for reproducibility): every output element is accumulated in float, starting from
 * +0, adding {@code value · x} (product rounded, then sum rounded; no fused multiply-add) over the row's
 * stored entries in increasing column order. Work is split into tasks fixed by the problem size, each
 * writing its own block of {@code Y}, so results are bitwise identical for any thread count and kernel
 * backend.
 */
public final class CsrMatrix {

    /** Columns of {@code Y} per task in {@link #sparseTimesDense}: a task's X slices then stay in cache. */
    static final int COL_BLOCK = 512;
    /** Rows of {@code X} per task in {@link #denseTimesTransposed}: the length of its axpy runs. */
    static final int BATCH_BLOCK = 64;
    private static final Kernels K = KernelProvider.get();

    /**
     * From this many rows of {@code X} on, {@link #denseTimesTransposed} transposes X to vectorise: one full
     * vector of floats (measured: below it the axpy runs only in its scalar tail and gathering is faster).
     */
    static final int TRANSPOSE_MIN_BATCH = Math.max(8, K.floatLanes());
    /** Columns of {@code X} per transposition task. */
    private static final int TRANSPOSE_BLOCK = 256;
    /** Xᵀ for {@link #denseTimesTransposed}, per calling thread, grown on demand and reused across calls. */
    private static final ThreadLocal<float[]> TRANSPOSED_X = ThreadLocal.withInitial(() -> new float[0]);
    /** Multiply-adds per task, at least: smaller products stay on the calling thread. */
    static final long GRAIN = 1 << 16;

    private final int rows;
    private final int cols;
    private final int[] rowPtr;
    private final int[] colIdx;
    private final float[] values;

    private CsrMatrix(int rows, int cols, int[] rowPtr, int[] colIdx, float[] values) {
        this.rows = rows;
        this.cols = cols;
        this.rowPtr = rowPtr;
        this.colIdx = colIdx;
        this.values = values;
    }

    // ---- construction -------------------------------------------------------------------------------

    /**
     * A matrix from its three CSR arrays (copied), validated: shapes, monotone row pointers, column indices
     * in range and strictly increasing within each row.
     */
    public static CsrMatrix of(int rows, int cols, int[] rowPtr, int[] colIdx, float[] values) {
        if (rows < 0 || cols < 0) throw new IllegalArgumentException("csr: negative shape " + rows + "x" + cols);
        if (rowPtr.length != rows + 1) {
            throw new IllegalArgumentException("csr: rowPtr has " + rowPtr.length + " entries, expected rows + 1 = " + (rows + 1));
        }
        if (rowPtr[0] != 0) throw new IllegalArgumentException("csr: rowPtr[0] = " + rowPtr[0] + ", expected 0");
        for (int i = 0; i < rows; i++) {
            if (rowPtr[i + 1] < rowPtr[i]) {
                throw new IllegalArgumentException("csr: rowPtr not monotone: rowPtr[" + i + "] = " + rowPtr[i]
                        + " > rowPtr[" + (i + 1) + "] = " + rowPtr[i + 1]);
            }
        }
        int nnz = rowPtr[rows];
        if (colIdx.length != nnz || values.length != nnz) {
            throw new IllegalArgumentException("csr: rowPtr[rows] = " + nnz + " but colIdx has " + colIdx.length
                    + " and values has " + values.length + " entries");
        }
        for (int i = 0; i < rows; i++) {
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                int c = colIdx[p];
                if (c < 0 || c >= cols) {
                    throw new IllegalArgumentException("csr: column index " + c + " of entry " + p + " (row " + i
                            + ") outside [0, " + cols + ")");
                }
                if (p > rowPtr[i] && c <= colIdx[p - 1]) {
                    throw new IllegalArgumentException("csr: column indices of row " + i + " not strictly increasing: "
                            + colIdx[p - 1] + " then " + c + " at entry " + p);
                }
            }
        }
        return new CsrMatrix(rows, cols, rowPtr.clone(), colIdx.clone(), values.clone());
    }

    /**
     * Keeps the entries of the row-major {@code dense [rows, cols]} (at {@code off}) with
     * {@code |w| > threshold}. NaN entries are kept, so a corrupt weight is never silently pruned.
     */
    public static CsrMatrix fromDense(float[] dense, int off, int rows, int cols, float threshold) {
        if (Float.isNaN(threshold)) throw new IllegalArgumentException("csr: threshold is NaN");
        checkDense("dense", dense, off, rows, cols);
        return build(dense, off, rows, cols, i -> !(Math.abs(dense[off + i]) <= threshold));
    }

    /**
     * Keeps the entries of {@code dense [rows, cols]} where {@code mask [rows, cols]} is non-zero (a pruning
     * mask of 0/1), whatever their value: a kept weight that is exactly 0 is stored.
     */
    public static CsrMatrix fromDense(float[] dense, int off, int rows, int cols, float[] mask, int maskOff) {
        checkDense("dense", dense, off, rows, cols);
        checkDense("mask", mask, maskOff, rows, cols);
        return build(dense, off, rows, cols, i -> mask[maskOff + i] != 0f);
    }

    /** {@link #fromDense(float[], int, int, int, float)} of a tensor of rank >= 1 seen as [dim(0), rest]. */
    public static CsrMatrix fromDense(Tensor w, float threshold) {
        int c = matrixCols(w);
        return fromDense(w.data(), w.offset(), w.dim(0), c, threshold);
    }

    /** {@link #fromDense(float[], int, int, int, float[], int)} of a tensor and a mask of the same shape. */
    public static CsrMatrix fromDense(Tensor w, Tensor mask) {
        if (!w.sameShape(mask)) {
            throw new IllegalArgumentException("csr: mask shape " + Shape.str(mask.shape()) + " differs from weight shape "
                    + Shape.str(w.shape()));
        }
        int c = matrixCols(w);
        return fromDense(w.data(), w.offset(), w.dim(0), c, mask.data(), mask.offset());
    }

    /** Columns of a tensor of rank >= 1 seen as the matrix [dim(0), product of the other dimensions]. */
    private static int matrixCols(Tensor w) {
        if (w.rank() == 0) throw new IllegalArgumentException("csr: fromDense needs rank >= 1, got a scalar");
        int[] s = w.shape();
        return Shape.numel(Arrays.copyOfRange(s, 1, s.length));
    }

    private interface Keep {
        boolean at(int flatIndex);
    }

    /** Two passes: count, then fill, so the arrays are allocated exactly once. */
    private static CsrMatrix build(float[] dense, int off, int rows, int cols, Keep keep) {
        int[] rowPtr = new int[rows + 1];
        for (int i = 0; i < rows; i++) {
            int count = 0;
            for (int j = 0; j < cols; j++) if (keep.at(i * cols + j)) count++;
            rowPtr[i + 1] = rowPtr[i] + count;
        }
        int nnz = rowPtr[rows];
        int[] colIdx = new int[nnz];
        float[] values = new float[nnz];
        for (int i = 0, p = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (keep.at(i * cols + j)) {
                    colIdx[p] = j;
                    values[p++] = dense[off + i * cols + j];
                }
            }
        }
        return new CsrMatrix(rows, cols, rowPtr, colIdx, values);
    }

    // ---- accessors ----------------------------------------------------------------------------------

    /** Number of rows {@code m}. */
    public int rows() { return rows; }

    /** Number of columns {@code k}. */
    public int cols() { return cols; }

    /** Number of stored entries. */
    public int nnz() { return rowPtr[rows]; }

    /** Stored entries over {@code rows · cols} (0 for an empty shape). */
    public double density() { return rows == 0 || cols == 0 ? 0.0 : nnz() / ((double) rows * cols); }

    /** A copy of the row pointers, {@code int[rows + 1]}. */
    public int[] rowPtr() { return rowPtr.clone(); }

    /** A copy of the column indices, {@code int[nnz]}. */
    public int[] colIdx() { return colIdx.clone(); }

    /** A copy of the stored values, {@code float[nnz]}. */
    public float[] values() { return values.clone(); }

    /** Writes the dense row-major {@code [rows, cols]} matrix at {@code out[off ..]}, zeros included. */
    public void toDense(float[] out, int off) {
        checkDense("out", out, off, rows, cols);
        Arrays.fill(out, off, off + rows * cols, 0f);
        for (int i = 0; i < rows; i++) {
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) out[off + i * cols + colIdx[p]] = values[p];
        }
    }

    /** The dense row-major {@code [rows, cols]} matrix as a new array. */
    public float[] toDense() {
        float[] out = new float[rows * cols];
        toDense(out, 0);
        return out;
    }

    /** The dense matrix as a new {@code [rows, cols]} tensor. */
    public Tensor toTensor() {
        Tensor t = Tensor.zeros(rows, cols);
        toDense(t.data(), t.offset());
        return t;
    }

    // ---- products -----------------------------------------------------------------------------------

    /**
     * {@code Y[m, n] = S[m, k] · X[k, n]}, overwriting {@code Y}. {@code x} is row-major {@code [k, n]} at
     * {@code xOff} with leading dimension {@code ldx}; {@code y} is {@code [m, n]} at {@code yOff} with
     * {@code ldy}. {@code y} must not overlap {@code x}.
     *
     * <p>Each row of {@code Y} is a sum of rows of {@code X} scaled by the row's stored values, computed as
     * axpy over contiguous runs, four rows of {@code X} per pass (vectorised by the kernel backend). Tasks: blocks of rows × blocks of
     * {@value #COL_BLOCK} columns.
     */
    public void sparseTimesDense(float[] x, int xOff, int ldx, int n, float[] y, int yOff, int ldy) {
        if (n < 0) throw new IllegalArgumentException("csr sparseTimesDense: negative n = " + n);
        checkMatrix("sparseTimesDense", "X", x, xOff, ldx, cols, n);
        checkMatrix("sparseTimesDense", "Y", y, yOff, ldy, rows, n);
        if (rows == 0 || n == 0) return;
        int width = Math.min(n, COL_BLOCK);
        int colBlocks = (n + COL_BLOCK - 1) / COL_BLOCK;
        int rowsPerTask = rowsPerTask((long) nnz() * width);
        int rowBlocks = (rows + rowsPerTask - 1) / rowsPerTask;
        Parallel.forEach(rowBlocks * colBlocks, task -> {
            int r0 = (task / colBlocks) * rowsPerTask, r1 = Math.min(rows, r0 + rowsPerTask);
            int j0 = (task % colBlocks) * COL_BLOCK, w = Math.min(n, j0 + COL_BLOCK) - j0;
            for (int i = r0; i < r1; i++) {
                int yRow = yOff + i * ldy + j0;
                Arrays.fill(y, yRow, yRow + w, 0f);
                rowTimesDense(i, x, xOff + j0, ldx, y, yRow, w);
            }
        });
    }

    /**
     * {@code y[yo .. yo+w) += Σ_p values[p] · x[xo + colIdx[p]·ldx .. + w)} over row {@code i}'s entries in
     * stored order, four entries per pass over {@code y} (bitwise the same as one axpy per entry).
     */
    private void rowTimesDense(int i, float[] x, int xo, int ldx, float[] y, int yo, int w) {
        int p = rowPtr[i], end = rowPtr[i + 1];
        for (; p + 4 <= end; p += 4) {
            K.axpy4(values[p], values[p + 1], values[p + 2], values[p + 3], x, xo + colIdx[p] * ldx,
                    xo + colIdx[p + 1] * ldx, xo + colIdx[p + 2] * ldx, xo + colIdx[p + 3] * ldx, y, yo, w);
        }
        for (; p < end; p++) K.axpy(values[p], x, xo + colIdx[p] * ldx, y, yo, w);
    }

    /**
     * {@code Y[b, m] = X[b, k] · S[m, k]ᵀ}, overwriting {@code Y}. {@code x} is row-major {@code [b, k]} at
     * {@code xOff} with leading dimension {@code ldx}; {@code y} is {@code [b, m]} at {@code yOff} with
     * {@code ldy}. {@code y} must not overlap {@code x}.
     *
     * <p>Computed as {@code Yᵀ = S · Xᵀ}: X is transposed once into a per-thread scratch {@code [k, b]}, then
     * each row of {@code Yᵀ} is a sum of rows of {@code Xᵀ}, run as axpy along the batch (vectorised by the
     * kernel backend). Batches smaller than one float vector (at least 8) skip the transposition and gather
     * {@code X[bi, colIdx[p]]} in sparse dot products instead. Both paths add the same products in the same
     * order, so they give bitwise the same result. Tasks: blocks of {@value #BATCH_BLOCK} rows of {@code X}
     * × blocks of rows of {@code S}.
     */
    public void denseTimesTransposed(int b, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        if (b < 0) throw new IllegalArgumentException("csr denseTimesTransposed: negative b = " + b);
        checkMatrix("denseTimesTransposed", "X", x, xOff, ldx, b, cols);
        checkMatrix("denseTimesTransposed", "Y", y, yOff, ldy, b, rows);
        if (rows == 0 || b == 0) return;
        if (b < TRANSPOSE_MIN_BATCH) {
            int rowsPerTask = rowsPerTask((long) nnz() * b);
            Parallel.forEach((rows + rowsPerTask - 1) / rowsPerTask, task -> {
                int r0 = task * rowsPerTask, r1 = Math.min(rows, r0 + rowsPerTask);
                for (int i = r0; i < r1; i++) sparseDots(i, 0, b, x, xOff, ldx, y, yOff, ldy);
            });
            return;
        }
        float[] xt = transposedScratch(b * cols); // Xᵀ: [k, b]
        transpose(x, xOff, ldx, b, cols, xt);
        int batchBlocks = (b + BATCH_BLOCK - 1) / BATCH_BLOCK;
        int rowsPerTask = rowsPerTask((long) nnz() * Math.min(b, BATCH_BLOCK));
        int rowBlocks = (rows + rowsPerTask - 1) / rowsPerTask;
        Parallel.forEach(batchBlocks * rowBlocks, task -> {
            int b0 = (task / rowBlocks) * BATCH_BLOCK, bw = Math.min(b, b0 + BATCH_BLOCK) - b0;
            int r0 = (task % rowBlocks) * rowsPerTask, r1 = Math.min(rows, r0 + rowsPerTask);
            float[] acc = new float[bw]; // Yᵀ[i, b0 .. b0+bw), one task-local row
            for (int i = r0; i < r1; i++) {
                Arrays.fill(acc, 0f);
                rowTimesDense(i, xt, b0, b, acc, 0, bw);
                for (int j = 0; j < bw; j++) y[yOff + (b0 + j) * ldy + i] = acc[j];
            }
        });
    }

    private static float[] transposedScratch(int size) {
        float[] s = TRANSPOSED_X.get();
        if (s.length < size) {
            s = new float[size];
            TRANSPOSED_X.set(s);
        }
        return s;
    }

    /** {@code xt[c, bi] = x[bi, c]} for {@code x [b, k]} with leading dimension {@code ldx}. */
    private static void transpose(float[] x, int xOff, int ldx, int b, int k, float[] xt) {
        Parallel.forEach((k + TRANSPOSE_BLOCK - 1) / TRANSPOSE_BLOCK, task -> {
            int c0 = task * TRANSPOSE_BLOCK, c1 = Math.min(k, c0 + TRANSPOSE_BLOCK);
            for (int b0 = 0; b0 < b; b0 += 16) { // 16 rows: each xt write run is one cache line
                int b1 = Math.min(b, b0 + 16);
                for (int c = c0; c < c1; c++) {
                    for (int bi = b0; bi < b1; bi++) xt[c * b + bi] = x[xOff + bi * ldx + c];
                }
            }
        });
    }

    /** {@code Y[bi, i] = Σ_p values[p] · X[bi, colIdx[p]]} for {@code bi} in {@code [b0, b1)}. */
    private void sparseDots(int i, int b0, int b1, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        int p0 = rowPtr[i], p1 = rowPtr[i + 1];
        int bi = b0;
        for (; bi + 4 <= b1; bi += 4) {
            int x0 = xOff + bi * ldx, x1 = x0 + ldx, x2 = x1 + ldx, x3 = x2 + ldx;
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            for (int p = p0; p < p1; p++) {
                int c = colIdx[p];
                float v = values[p];
                s0 += v * x[x0 + c];
                s1 += v * x[x1 + c];
                s2 += v * x[x2 + c];
                s3 += v * x[x3 + c];
            }
            int o = yOff + bi * ldy + i;
            y[o] = s0;
            y[o + ldy] = s1;
            y[o + 2 * ldy] = s2;
            y[o + 3 * ldy] = s3;
        }
        for (; bi < b1; bi++) {
            int x0 = xOff + bi * ldx;
            float s = 0f;
            for (int p = p0; p < p1; p++) s += values[p] * x[x0 + colIdx[p]];
            y[yOff + bi * ldy + i] = s;
        }
    }

    /** {@code S · X} for a tensor {@code X [k, n]}: a new {@code [m, n]} tensor. */
    public Tensor sparseTimesDense(Tensor x) {
        if (x.rank() != 2 || x.dim(0) != cols) {
            throw new IllegalArgumentException("csr sparseTimesDense: [" + rows + ", " + cols + "] times "
                    + Shape.str(x.shape()));
        }
        int n = x.dim(1);
        Tensor y = Tensor.zeros(rows, n);
        sparseTimesDense(x.data(), x.offset(), n, n, y.data(), 0, n);
        return y;
    }

    /** {@code X · Sᵀ} for a tensor {@code X [b, k]}: a new {@code [b, m]} tensor. */
    public Tensor denseTimesTransposed(Tensor x) {
        if (x.rank() != 2 || x.dim(1) != cols) {
            throw new IllegalArgumentException("csr denseTimesTransposed: " + Shape.str(x.shape()) + " times ([" + rows
                    + ", " + cols + "])ᵀ");
        }
        int b = x.dim(0);
        Tensor y = Tensor.zeros(b, rows);
        denseTimesTransposed(b, x.data(), x.offset(), cols, y.data(), 0, rows);
        return y;
    }

    /** Rows of S per task so that a task does at least {@link #GRAIN} multiply-adds on average. */
    private int rowsPerTask(long work) {
        if (work <= 0) return rows;
        long r = (GRAIN * rows + work - 1) / work;
        return (int) Math.max(1, Math.min(rows, r));
    }

    // ---- validation ---------------------------------------------------------------------------------

    private static void checkDense(String name, float[] a, int off, int rows, int cols) {
        if (rows < 0 || cols < 0) throw new IllegalArgumentException("csr: negative shape " + rows + "x" + cols);
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE) throw new IllegalArgumentException("csr: " + rows + "x" + cols + " too large");
        if (off < 0 || off + size > a.length) {
            throw new IllegalArgumentException("csr: " + name + " [" + rows + "x" + cols + "] at offset " + off
                    + " exceeds array of " + a.length);
        }
    }

    private static void checkMatrix(String op, String name, float[] a, int off, int ld, int r, int c) {
        if (r == 0 || c == 0) return;
        if (ld < c) throw new IllegalArgumentException("csr " + op + ": ld" + name + " = " + ld + " < columns " + c);
        long last = (long) off + (long) (r - 1) * ld + c;
        if (off < 0 || last > a.length) {
            throw new IllegalArgumentException("csr " + op + ": " + name + " [" + r + "x" + c + ", ld " + ld
                    + ", offset " + off + "] exceeds array of " + a.length);
        }
    }

    @Override public String toString() {
        return "CsrMatrix[" + rows + "x" + cols + ", nnz " + nnz() + "]";
    }
}
