package dev.shears.codec.format;

import dev.shears.tensor.Parallel;
import java.util.Arrays;

/**
 * The fixed column partition of column-major formats (CSC, HAM, sHAM) and their blocked product.
 *
 * <p>Columns are split into {@code P = min(m, 16)} contiguous ranges, a count fixed by the matrix so that
 * results do not depend on the thread count (Marinò et al. 2021 §4 split the dot product over column
 * ranges, starting each at a stored bit offset). A column-major product {@code y = x·Wᵀ} scatters column j
 * times x[j] into y; each block accumulates into its own partial vector and the partials are added in
 * block order. Scratch buffers are kept between calls, so {@link #multiply} is synchronized per matrix.
 */
final class ColumnBlocks {

    /** Upper limit on blocks per matrix. */
    static final int MAX_BLOCKS = 16;

    private float[][] partials = new float[0][];
    private float[] xt = new float[0];

    /** Number of column blocks for {@code cols} columns. */
    static int countFor(int cols) { return Math.min(cols, MAX_BLOCKS); }

    /** First column of block {@code b}. */
    static int start(int b, int blocks, int cols) { return (int) ((long) b * cols / blocks); }

    /** The work of one block: accumulate columns [from, to) into {@code acc} ({@code [n, batch]}). */
    interface Body {
        void run(int block, int from, int to, float[] xt, float[] acc, int batch);
    }

    /**
     * Work over several blocks: task {@code task} writes only to the partials ({@code [n, batch]} each) of
     * the blocks it owns; {@code xt} is x as {@code [m, batch]}.
     */
    interface TaskBody {
        void run(int task, float[] xt, float[][] partials);
    }

    /**
     * Like {@link #multiply(int, int, float[], float[], int, Body)} but with {@code tasks} tasks that each
     * own a fixed set of blocks; the caller guarantees every block's partial is fully written.
     */
    synchronized void multiply(int rows, int cols, float[] x, float[] y, int batch, int tasks, TaskBody body) {
        checkOperands(rows, cols, x, y, batch);
        int blocks = countFor(cols);
        if (blocks == 0) {
            Arrays.fill(y, 0, batch * rows, 0f);
            return;
        }
        float[] xs = transposed(x, cols, batch);
        int len = rows * batch;
        if (partials.length < blocks || partials[0].length < len) partials = new float[blocks][len];
        float[][] parts = partials;
        for (int b = 0; b < blocks; b++) Arrays.fill(parts[b], 0, len, 0f);
        Parallel.forEach(tasks, t -> body.run(t, xs, parts));
        reduce(rows, batch, blocks, y);
    }

    /** x {@code [batch, m]} as {@code [m, batch]} (x itself when batch = 1), in a kept scratch buffer. */
    private float[] transposed(float[] x, int cols, int batch) {
        if (batch == 1) return x;
        if (xt.length < batch * cols) xt = new float[batch * cols];
        for (int t = 0; t < batch; t++) for (int j = 0; j < cols; j++) xt[j * batch + t] = x[t * cols + j];
        return xt;
    }

    /**
     * y = Σ_b partial_b, added in block order (partial 0 + partial 1 + …, the same order for every entry);
     * summed block by block into partial 0, a loop the JIT vectorizes, then transposed to {@code [batch, n]}.
     */
    private void reduce(int rows, int batch, int blocks, float[] y) {
        float[][] parts = partials;
        float[] sum = parts[0];
        int len = rows * batch;
        for (int b = 1; b < blocks; b++) {
            float[] p = parts[b];
            for (int k = 0; k < len; k++) sum[k] += p[k];
        }
        if (batch == 1) {
            System.arraycopy(sum, 0, y, 0, rows);
            return;
        }
        for (int i = 0; i < rows; i++) for (int t = 0; t < batch; t++) y[t * rows + i] = sum[i * batch + t];
    }

    static void checkOperands(int rows, int cols, float[] x, float[] y, int batch) {
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        if (x.length < (long) batch * cols) throw new IllegalArgumentException("x has " + x.length + " values, needs " + (long) batch * cols);
        if (y.length < (long) batch * rows) throw new IllegalArgumentException("y has " + y.length + " values, needs " + (long) batch * rows);
    }

    /** Runs {@code body} over all blocks and writes {@code y = x·Wᵀ}; x {@code [batch, m]}, y {@code [batch, n]}. */
    synchronized void multiply(int rows, int cols, float[] x, float[] y, int batch, Body body) {
        checkOperands(rows, cols, x, y, batch);
        int blocks = countFor(cols);
        if (blocks == 0) {
            Arrays.fill(y, 0, batch * rows, 0f);
            return;
        }
        float[] xs = transposed(x, cols, batch);
        int len = rows * batch;
        if (partials.length < blocks || partials[0].length < len) partials = new float[blocks][len];
        float[][] parts = partials;
        float[] in = xs;
        Parallel.forEach(blocks, b -> {
            Arrays.fill(parts[b], 0, len, 0f);
            body.run(b, start(b, blocks, cols), start(b + 1, blocks, cols), in, parts[b], batch);
        });
        reduce(rows, batch, blocks, y);
    }
}
