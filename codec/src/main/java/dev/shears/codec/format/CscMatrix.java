package dev.shears.codec.format;

import dev.shears.codec.CodecFormatException;
import java.util.List;

/**
 * Compressed sparse columns (Marinò et al. 2021 §4: ψ_CSC = (2q + m + 1)/(nm) in 32-bit words): m+1
 * column pointers, then row indices and values of the nonzeros, all 32-bit.
 */
public final class CscMatrix implements EncodedMatrix {

    private final int rows, cols;
    private final int[] ptr, idx;
    private final float[] v;
    private final ColumnBlocks blocks = new ColumnBlocks();

    private CscMatrix(int rows, int cols, int[] ptr, int[] idx, float[] v) {
        this.rows = rows;
        this.cols = cols;
        this.ptr = ptr;
        this.idx = idx;
        this.v = v;
    }

    static CscMatrix encode(float[] w, int rows, int cols) {
        int q = 0;
        for (float x : w) if (x != 0f) q++;
        int[] ptr = new int[cols + 1], idx = new int[q];
        float[] v = new float[q];
        int p = 0;
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                float x = w[i * cols + j];
                if (x == 0f) continue;
                idx[p] = i;
                v[p++] = x;
            }
            ptr[j + 1] = p;
        }
        return new CscMatrix(rows, cols, ptr, idx, v);
    }

    static CscMatrix read(PayloadReader in) throws CodecFormatException {
        int[] s = in.shape("csc");
        int[] ptr = in.ints(s[1] + 1L, "csc column pointers");
        int q = CsrMatrix.checkPointers(ptr, (long) s[0] * s[1], "csc column pointers");
        int[] idx = in.ints(q, "csc row indices");
        float[] v = in.floats(q, "csc values");
        CsrMatrix.checkIndices(ptr, idx, v, s[0], "csc");
        return new CscMatrix(s[0], s[1], ptr, idx, v);
    }

    @Override public MatrixFormat format() { return MatrixFormat.CSC; }
    @Override public int rows() { return rows; }
    @Override public int cols() { return cols; }

    @Override public float[] decode() {
        float[] w = new float[rows * cols];
        for (int j = 0; j < cols; j++) for (int p = ptr[j]; p < ptr[j + 1]; p++) w[idx[p] * cols + j] = v[p];
        return w;
    }

    @Override public SizeReport size() {
        long q = v.length;
        return new SizeReport(List.of(new SizeReport.Part("header", 64), new SizeReport.Part("pointers", 32L * (cols + 1)),
                new SizeReport.Part("indices", 32 * q), new SizeReport.Part("values", 32 * q)), rows, cols);
    }

    @Override public byte[] toBytes() {
        return new PayloadWriter().i32(rows).i32(cols).ints(ptr).ints(idx).floats(v, 0, v.length).toByteArray();
    }

    /** Column-block scatter (see {@link ColumnBlocks}). */
    @Override public void multiply(float[] x, float[] y, int batch) {
        blocks.multiply(rows, cols, x, y, batch, (b, from, to, xs, acc, nb) -> {
            for (int j = from; j < to; j++) {
                if (nb == 1) {
                    float xj = xs[j];
                    for (int p = ptr[j]; p < ptr[j + 1]; p++) acc[idx[p]] += v[p] * xj;
                } else {
                    for (int p = ptr[j]; p < ptr[j + 1]; p++) {
                        int ao = idx[p] * nb, xo = j * nb;
                        for (int t = 0; t < nb; t++) acc[ao + t] += v[p] * xs[xo + t];
                    }
                }
            }
        });
    }
}
