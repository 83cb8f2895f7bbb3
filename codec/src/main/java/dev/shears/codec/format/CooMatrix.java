package dev.shears.codec.format;

import dev.shears.codec.CodecFormatException;
import java.util.List;

/** Coordinate list: for each nonzero its 32-bit row, 32-bit column and float32 value, in row-major order. */
public final class CooMatrix implements EncodedMatrix {

    private final int rows, cols;
    private final int[] r, c;
    private final float[] v;

    private CooMatrix(int rows, int cols, int[] r, int[] c, float[] v) {
        this.rows = rows;
        this.cols = cols;
        this.r = r;
        this.c = c;
        this.v = v;
    }

    static CooMatrix encode(float[] w, int rows, int cols) {
        int q = 0;
        for (float x : w) if (x != 0f) q++;
        int[] r = new int[q], c = new int[q];
        float[] v = new float[q];
        int p = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                float x = w[i * cols + j];
                if (x == 0f) continue;
                r[p] = i;
                c[p] = j;
                v[p++] = x;
            }
        }
        return new CooMatrix(rows, cols, r, c, v);
    }

    static CooMatrix read(PayloadReader in) throws CodecFormatException {
        int[] s = in.shape("coo");
        int q = in.i32("coo nonzero count", 0, (long) s[0] * s[1]);
        int[] r = in.ints(q, "coo rows"), c = in.ints(q, "coo cols");
        float[] v = in.floats(q, "coo values");
        long prev = -1;
        for (int p = 0; p < q; p++) {
            if (r[p] < 0 || r[p] >= s[0] || c[p] < 0 || c[p] >= s[1]) throw new CodecFormatException("coo entry " + p + " at (" + r[p] + ", " + c[p] + ") outside " + s[0] + "x" + s[1]);
            long key = (long) r[p] * s[1] + c[p];
            if (key <= prev) throw new CodecFormatException("coo entry " + p + " is not in strictly increasing row-major order");
            if (v[p] == 0f) throw new CodecFormatException("coo entry " + p + " stores a zero");
            prev = key;
        }
        return new CooMatrix(s[0], s[1], r, c, v);
    }

    @Override public MatrixFormat format() { return MatrixFormat.COO; }
    @Override public int rows() { return rows; }
    @Override public int cols() { return cols; }

    @Override public float[] decode() {
        float[] w = new float[rows * cols];
        for (int p = 0; p < v.length; p++) w[r[p] * cols + c[p]] = v[p];
        return w;
    }

    @Override public SizeReport size() {
        long q = v.length;
        return new SizeReport(List.of(new SizeReport.Part("header", 96), new SizeReport.Part("row_indices", 32 * q),
                new SizeReport.Part("col_indices", 32 * q), new SizeReport.Part("values", 32 * q)), rows, cols);
    }

    @Override public byte[] toBytes() {
        return new PayloadWriter().i32(rows).i32(cols).i32(v.length).ints(r).ints(c).floats(v, 0, v.length).toByteArray();
    }
}
