package dev.shears.codec.format;

import dev.shears.codec.CodecFormatException;
import dev.shears.tensor.Parallel;
import java.util.List;

/** Compressed sparse rows: n+1 row pointers, then column indices and values of the nonzeros, all 32-bit. */
public final class CsrMatrix implements EncodedMatrix {

    private static final int ROW_TASKS = 16;

    private final int rows, cols;
    private final int[] ptr, idx;
    private final float[] v;

    private CsrMatrix(int rows, int cols, int[] ptr, int[] idx, float[] v) {
        this.rows = rows;
        this.cols = cols;
        this.ptr = ptr;
        this.idx = idx;
        this.v = v;
    }

    static CsrMatrix encode(float[] w, int rows, int cols) {
        int q = 0;
        for (float x : w) if (x != 0f) q++;
        int[] ptr = new int[rows + 1], idx = new int[q];
        float[] v = new float[q];
        int p = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                float x = w[i * cols + j];
                if (x == 0f) continue;
                idx[p] = j;
                v[p++] = x;
            }
            ptr[i + 1] = p;
        }
        return new CsrMatrix(rows, cols, ptr, idx, v);
    }

    static CsrMatrix read(PayloadReader in) throws CodecFormatException {
        int[] s = in.shape("csr");
        int[] ptr = in.ints(s[0] + 1L, "csr row pointers");
        int q = checkPointers(ptr, (long) s[0] * s[1], "csr row pointers");
        int[] idx = in.ints(q, "csr column indices");
        float[] v = in.floats(q, "csr values");
        checkIndices(ptr, idx, v, s[1], "csr");
        return new CsrMatrix(s[0], s[1], ptr, idx, v);
    }

    /** Pointers start at 0 and never decrease; returns the nonzero count. */
    static int checkPointers(int[] ptr, long maxNonzeros, String what) throws CodecFormatException {
        if (ptr[0] != 0) throw new CodecFormatException(what + " start at " + ptr[0] + ", not 0");
        for (int i = 1; i < ptr.length; i++) {
            if (ptr[i] < ptr[i - 1]) throw new CodecFormatException(what + " decrease at " + i);
        }
        int q = ptr[ptr.length - 1];
        if (q > maxNonzeros) throw new CodecFormatException(what + " declare " + q + " nonzeros, more than " + maxNonzeros + " entries");
        return q;
    }

    /** Indices within each segment strictly increase and lie in [0, limit); stored values are nonzero. */
    static void checkIndices(int[] ptr, int[] idx, float[] v, int limit, String what) throws CodecFormatException {
        for (int s = 0; s + 1 < ptr.length; s++) {
            for (int p = ptr[s]; p < ptr[s + 1]; p++) {
                if (idx[p] < 0 || idx[p] >= limit) throw new CodecFormatException(what + " index " + idx[p] + " at " + p + " outside [0, " + limit + ")");
                if (p > ptr[s] && idx[p] <= idx[p - 1]) throw new CodecFormatException(what + " indices not increasing at " + p);
                if (v != null && v[p] == 0f) throw new CodecFormatException(what + " stores a zero at " + p);
            }
        }
    }

    @Override public MatrixFormat format() { return MatrixFormat.CSR; }
    @Override public int rows() { return rows; }
    @Override public int cols() { return cols; }

    @Override public float[] decode() {
        float[] w = new float[rows * cols];
        for (int i = 0; i < rows; i++) for (int p = ptr[i]; p < ptr[i + 1]; p++) w[i * cols + idx[p]] = v[p];
        return w;
    }

    @Override public SizeReport size() {
        long q = v.length;
        return new SizeReport(List.of(new SizeReport.Part("header", 64), new SizeReport.Part("pointers", 32L * (rows + 1)),
                new SizeReport.Part("indices", 32 * q), new SizeReport.Part("values", 32 * q)), rows, cols);
    }

    @Override public byte[] toBytes() {
        return new PayloadWriter().i32(rows).i32(cols).ints(ptr).ints(idx).floats(v, 0, v.length).toByteArray();
    }

    /** Row i of y is the sparse dot product of row i with x, summed in stored order; row ranges in parallel. */
    @Override public void multiply(float[] x, float[] y, int batch) {
        ColumnBlocks.checkOperands(rows, cols, x, y, batch);
        int tasks = Math.min(rows, ROW_TASKS);
        Parallel.forEach(tasks, task -> {
            int r0 = (int) ((long) task * rows / tasks), r1 = (int) ((long) (task + 1) * rows / tasks);
            for (int t = 0; t < batch; t++) {
                int xo = t * cols;
                for (int i = r0; i < r1; i++) {
                    float s = 0f;
                    for (int p = ptr[i]; p < ptr[i + 1]; p++) s += v[p] * x[xo + idx[p]];
                    y[t * rows + i] = s;
                }
            }
        });
    }
}
