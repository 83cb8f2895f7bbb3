package dev.shears.codec.format;

import dev.shears.codec.CodecFormatException;
import dev.shears.tensor.Parallel;
import dev.shears.tensor.kernels.KernelProvider;
import dev.shears.tensor.kernels.Kernels;
import java.util.List;

/** Row-major float32 storage: the reference every ψ is measured against. */
public final class DenseMatrix implements EncodedMatrix {

    private static final int ROW_TASKS = 16;

    private final float[] w;
    private final int rows, cols;

    private DenseMatrix(float[] w, int rows, int cols) {
        this.w = w;
        this.rows = rows;
        this.cols = cols;
    }

    /** Wraps (does not copy) a row-major {@code [rows, cols]} array. */
    public static DenseMatrix of(float[] w, int rows, int cols) {
        if ((long) rows * cols != w.length) throw new IllegalArgumentException(rows + "x" + cols + " does not match " + w.length);
        return new DenseMatrix(w, rows, cols);
    }

    static DenseMatrix read(PayloadReader in) throws CodecFormatException {
        int[] s = in.shape("dense");
        return new DenseMatrix(in.floats((long) s[0] * s[1], "dense values"), s[0], s[1]);
    }

    @Override public MatrixFormat format() { return MatrixFormat.DENSE; }
    @Override public int rows() { return rows; }
    @Override public int cols() { return cols; }
    @Override public float[] decode() { return w.clone(); }

    @Override public SizeReport size() {
        return new SizeReport(List.of(new SizeReport.Part("header", 64), new SizeReport.Part("values", 32L * w.length)), rows, cols);
    }

    @Override public byte[] toBytes() { return new PayloadWriter().i32(rows).i32(cols).floats(w, 0, w.length).toByteArray(); }

    /** Each output is a dot product of a row with x (the tensor kernels' {@code dot}); row ranges run in parallel. */
    @Override public void multiply(float[] x, float[] y, int batch) {
        ColumnBlocks.checkOperands(rows, cols, x, y, batch);
        Kernels k = KernelProvider.get();
        int tasks = Math.min(rows, ROW_TASKS);
        Parallel.forEach(tasks, task -> {
            int r0 = (int) ((long) task * rows / tasks), r1 = (int) ((long) (task + 1) * rows / tasks);
            for (int t = 0; t < batch; t++) {
                for (int i = r0; i < r1; i++) y[t * rows + i] = k.dot(w, i * cols, x, t * cols, cols);
            }
        });
    }
}
