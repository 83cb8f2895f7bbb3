package dev.shears.experiments.storage;

import dev.shears.codec.format.EncodedMatrix;
import dev.shears.codec.format.MatrixFormat;
import dev.shears.tensor.random.Rng;
import java.util.Arrays;

/**
 * Times {@code y = x·Wᵀ} on an encoded fully connected weight matrix ({@link EncodedMatrix#multiply}, which
 * the compressed formats compute on the compressed form; Marinò et al. §4.3) against the dense float32
 * matrix. Inputs are uniform in [−1, 1); after untimed warm-up calls (at least 3 and 0.2 s), the median of {@code runs}
 * timed calls is reported, in microseconds. The results of both products are compared (a multiply that is
 * fast but wrong would be worse than useless).
 */
public final class MultiplyTiming {

    private MultiplyTiming() {}

    /** Median microseconds of one multiply with {@code m} and with the dense matrix, at this batch size. */
    public static double[] time(EncodedMatrix m, EncodedMatrix dense, int batch, int runs, long seed) {
        int n = m.rows(), k = m.cols();
        float[] x = new float[batch * k];
        Rng rng = new Rng(seed);
        for (int i = 0; i < x.length; i++) x[i] = 2 * rng.nextFloat() - 1;
        float[] y = new float[batch * n], yDense = new float[batch * n];
        double t = median(m, x, y, batch, runs), td = median(dense, x, yDense, batch, runs);
        double scale = 0;
        for (float v : yDense) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < y.length; i++) {
            if (Math.abs(y[i] - yDense[i]) > 1e-4 * (scale + 1) * Math.sqrt(k)) {
                throw new IllegalStateException(m.format() + " multiply differs from dense at " + i + ": " + y[i] + " vs " + yDense[i]);
            }
        }
        return new double[] {t, td};
    }

    /** Shortcut: encode the dense twin of {@code m} and time both. */
    public static double[] time(EncodedMatrix m, int batch, int runs, long seed) {
        return time(m, MatrixFormat.DENSE.encode(m.decode(), m.rows(), m.cols()), batch, runs, seed);
    }

    private static double median(EncodedMatrix m, float[] x, float[] y, int batch, int runs) {
        // warm up until the JIT has compiled the kernel: at least 3 calls and 0.2 s (or 200 calls)
        long start = System.nanoTime();
        for (int i = 0; i < 200 && (i < 3 || System.nanoTime() - start < 200_000_000L); i++) m.multiply(x, y, batch);
        double[] t = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            m.multiply(x, y, batch);
            t[r] = (System.nanoTime() - t0) / 1e3;
        }
        Arrays.sort(t);
        return runs % 2 == 1 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2;
    }
}
