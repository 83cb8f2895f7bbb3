package dev.shears.experiments.cli;

import dev.shears.tensor.Parallel;
import dev.shears.tensor.gemm.Gemm;
import dev.shears.tensor.kernels.KernelProvider;
import dev.shears.tensor.random.Rng;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shears bench gemm}: SGEMM GFLOPS, warm-up included, median of several timed runs. Square by default;
 * {@code --shape M,N,K} and {@code --trans} time the shapes and layouts a layer's GEMMs have (a convolution's
 * forward is NN with K = C·kh·kw, its input gradient TN with K = output channels, its weight gradient NT with
 * K = images × pixels).
 */
@Command(name = "gemm", mixinStandardHelpOptions = true, description = "Time C = op(A)·op(B) for float32 matrices (N×N by default).")
final class BenchGemmCommand implements Callable<Integer> {

    @Option(names = "--size", defaultValue = "1024", description = "Matrix size N of a square product (default ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--shape", split = ",", description = "M,N,K: C is M×N, the inner dimension K (overrides --size).")
    int[] shape;

    @Option(names = "--trans", defaultValue = "NN", description = "NN, TN (Aᵀ·B) or NT (A·Bᵀ) (default ${DEFAULT-VALUE}).")
    String trans;

    @Option(names = "--threads", defaultValue = "1", description = "Compute threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--runs", defaultValue = "15", description = "Timed runs; the median is reported (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed warm-up runs, at least (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--warmup-ms", defaultValue = "2000",
            description = "Keep warming up until this much time has passed (default ${DEFAULT-VALUE}): C2 compiles the "
                    + "pool threads' paths later than the caller's, so a few runs are not enough at 2 threads.")
    long warmupMs;

    @Override public Integer call() {
        if (n < 1) throw new IllegalArgumentException("--size must be >= 1, got " + n);
        if (shape != null && (shape.length != 3 || shape[0] < 1 || shape[1] < 1 || shape[2] < 1)) {
            throw new IllegalArgumentException("--shape takes three positive sizes M,N,K");
        }
        if (!trans.equals("NN") && !trans.equals("TN") && !trans.equals("NT")) throw new IllegalArgumentException("--trans must be NN, TN or NT, got " + trans);
        if (threads < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        if (runs < 1) throw new IllegalArgumentException("--runs must be >= 1, got " + runs);
        if (warmup < 0 || warmupMs < 0) throw new IllegalArgumentException("--warmup and --warmup-ms must be >= 0");
        int m = shape == null ? n : shape[0], nn = shape == null ? n : shape[1], k = shape == null ? n : shape[2];
        boolean ta = trans.charAt(0) == 'T', tb = trans.charAt(1) == 'T';
        int lda = ta ? m : k, ldb = tb ? k : nn; // row-major: op(A) is M×K, op(B) is K×N
        Parallel.setThreads(threads);
        Rng rng = new Rng(42);
        float[] a = new float[m * k], b = new float[k * nn], c = new float[m * nn];
        rng.fillUniform(a, 0f, 1f);
        rng.fillUniform(b, 0f, 1f);
        Runnable product = () -> Gemm.sgemm(ta, tb, m, nn, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, nn);
        WarmUp.run(warmup, warmupMs, product);
        double[] gf = new double[runs];
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            product.run();
            long dt = System.nanoTime() - t0;
            ms[i] = dt / 1e6;
            gf[i] = 2.0 * m * nn * (double) k / dt;
        }
        Arrays.sort(gf);
        Arrays.sort(ms);
        Json out = new Json().put("op", "gemm");
        if (shape == null) out.put("n", n);
        else out.put("m", m).put("n", nn).put("k", k).put("trans", trans);
        System.out.println(out.put("threads", threads)
                .put("gflops", Math.round(gf[runs / 2] * 10) / 10.0)
                .put("median_ms", Math.round(ms[runs / 2] * 100) / 100.0)
                .put("best_gflops", Math.round(gf[runs - 1] * 10) / 10.0)
                .put("runs", runs).put("backend", KernelProvider.get().name())
                .put("float_lanes", KernelProvider.get().floatLanes()).put("gemm_kernel", Gemm.kernelName()));
        return 0;
    }
}
