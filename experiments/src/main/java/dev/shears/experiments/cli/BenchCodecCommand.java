package dev.shears.experiments.cli;

import dev.shears.codec.format.EncodedMatrix;
import dev.shears.codec.format.MatrixFormat;
import dev.shears.codec.quant.KMeansQuantizer;
import dev.shears.tensor.Parallel;
import dev.shears.tensor.random.Rng;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shears bench codec}: a Gaussian N×M matrix is magnitude-pruned to the given sparsity and CWS
 * quantized to K levels, then encoded as dense, CSR, HAM and sHAM; prints encode and decode throughput,
 * ψ and the median matrix-vector time of each after a timed warm-up (wall clock, and with one thread also the
 * calling thread's CPU time), plus sHAM's matvec time relative to dense.
 */
@Command(name = "codec", mixinStandardHelpOptions = true, description = "Encode/decode/matvec timings of dense, CSR, HAM and sHAM.")
final class BenchCodecCommand implements Callable<Integer> {

    @Option(names = "--sparsity", defaultValue = "0.9", description = "Fraction of weights pruned (default ${DEFAULT-VALUE}).")
    double sparsity;

    @Option(names = "--levels", defaultValue = "32", description = "CWS levels k (default ${DEFAULT-VALUE}).")
    int levels;

    @Option(names = "--rows", defaultValue = "4096", description = "Rows N (default ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--cols", defaultValue = "4096", description = "Columns M (default ${DEFAULT-VALUE}).")
    int cols;

    @Option(names = "--threads", defaultValue = "1", description = "Compute threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--runs", defaultValue = "21", description = "Timed matvec runs; the median is reported.")
    int runs;

    @Option(names = "--seed", defaultValue = "1", description = "Matrix seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--warmup-ms", defaultValue = "500",
            description = "Untimed matvec calls per format for at least this long first, so the JIT has compiled the product (default ${DEFAULT-VALUE}).")
    long warmupMs;

    @Override public Integer call() {
        if (!(sparsity >= 0 && sparsity < 1)) throw new IllegalArgumentException("--sparsity must be in [0, 1), got " + sparsity);
        if (rows < 1 || cols < 1 || (long) rows * cols > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("bad --rows/--cols");
        if (levels < 1 || threads < 1 || runs < 1) throw new IllegalArgumentException("--levels, --threads and --runs must be >= 1");
        if (warmupMs < 0) throw new IllegalArgumentException("--warmup-ms must be >= 0");
        Parallel.setThreads(threads);
        float[] w = prunedQuantized();
        float[] x = new float[cols], y = new float[rows];
        new Rng(seed + 1).fillUniform(x, -1f, 1f);
        Json out = new Json().put("op", "codec").put("rows", rows).put("cols", cols).put("sparsity", sparsity)
                .put("levels", levels).put("threads", threads);
        double denseMs = 0, shamMs = 0, denseCpuMs = 0, shamCpuMs = 0;
        for (MatrixFormat f : new MatrixFormat[] {MatrixFormat.DENSE, MatrixFormat.CSR, MatrixFormat.HAM, MatrixFormat.SHAM}) {
            long t0 = System.nanoTime();
            EncodedMatrix m = f.encode(w, rows, cols);
            double encMs = (System.nanoTime() - t0) / 1e6;
            double decMs = median(5, () -> m.decode());
            warmUp(() -> m.multiply(x, y, 1));
            double mvMs = median(runs, () -> m.multiply(x, y, 1));
            double mvCpuMs = medianCpu(runs, () -> m.multiply(x, y, 1));
            double mentries = (double) rows * cols / 1e6;
            out.put(f.cliName(), new Json().put("psi", round(m.size().psi(), 5)).put("encode_ms", round(encMs, 2))
                    .put("encode_mentries_per_s", round(mentries / (encMs / 1e3), 1)).put("decode_ms", round(decMs, 2))
                    .put("decode_mentries_per_s", round(mentries / (decMs / 1e3), 1)).put("matvec_ms", round(mvMs, 3))
                    .put("matvec_cpu_ms", threads == 1 ? round(mvCpuMs, 3) : null));
            if (f == MatrixFormat.DENSE) { denseMs = mvMs; denseCpuMs = mvCpuMs; }
            if (f == MatrixFormat.SHAM) { shamMs = mvMs; shamCpuMs = mvCpuMs; }
        }
        out.put("sham_over_dense_matvec", round(shamMs / denseMs, 3));
        if (threads == 1) out.put("sham_over_dense_matvec_cpu", round(shamCpuMs / denseCpuMs, 3));
        System.out.println(out);
        return 0;
    }

    private float[] prunedQuantized() {
        Rng rng = new Rng(seed);
        float[] w = new float[rows * cols];
        rng.fillNormal(w, 0f, 0.05f);
        float[] mag = new float[w.length];
        for (int i = 0; i < w.length; i++) mag[i] = Math.abs(w[i]);
        Arrays.sort(mag);
        int cut = (int) Math.round(sparsity * w.length);
        float threshold = cut == 0 ? -1f : mag[cut - 1];
        for (int i = 0; i < w.length; i++) if (Math.abs(w[i]) <= threshold) w[i] = 0f;
        return new KMeansQuantizer().quantize(w, levels).values();
    }

    /** At least 5 calls, and calls until {@code warmupMs} have passed. */
    private void warmUp(Runnable r) { WarmUp.run(5, warmupMs, r); }

    private static double median(int runs, Runnable r) {
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            r.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[runs / 2];
    }

    /** Median thread CPU time: with one compute thread all work runs on the caller, and CPU time ignores
     *  the time the OS lets other processes run (the bench machines are shared). */
    private static double medianCpu(int runs, Runnable r) {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = mx.getCurrentThreadCpuTime();
            r.run();
            ms[i] = (mx.getCurrentThreadCpuTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[runs / 2];
    }

    private static double round(double v, int digits) {
        double p = Math.pow(10, digits);
        return Math.round(v * p) / p;
    }
}
