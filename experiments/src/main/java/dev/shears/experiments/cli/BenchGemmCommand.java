package dev.shears.experiments.cli;

import dev.shears.tensor.Parallel;
import dev.shears.tensor.gemm.Gemm;
import dev.shears.tensor.kernels.KernelProvider;
import dev.shears.tensor.random.Rng;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shears bench gemm}: square SGEMM GFLOPS, warm-up included, median of several timed runs. */
@Command(name = "gemm", mixinStandardHelpOptions = true, description = "Time C = A·B for N×N float32 matrices.")
final class BenchGemmCommand implements Callable<Integer> {

    @Option(names = "--size", defaultValue = "1024", description = "Matrix size N (default ${DEFAULT-VALUE}).")
    int n;

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
        if (threads < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        if (runs < 1) throw new IllegalArgumentException("--runs must be >= 1, got " + runs);
        if (warmup < 0 || warmupMs < 0) throw new IllegalArgumentException("--warmup and --warmup-ms must be >= 0");
        Parallel.setThreads(threads);
        Rng rng = new Rng(42);
        float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
        rng.fillUniform(a, 0f, 1f);
        rng.fillUniform(b, 0f, 1f);
        WarmUp.run(warmup, warmupMs, () -> Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n));
        double[] gf = new double[runs];
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
            long dt = System.nanoTime() - t0;
            ms[i] = dt / 1e6;
            gf[i] = 2.0 * n * n * (double) n / dt;
        }
        Arrays.sort(gf);
        Arrays.sort(ms);
        System.out.println(new Json().put("op", "gemm").put("n", n).put("threads", threads)
                .put("gflops", Math.round(gf[runs / 2] * 10) / 10.0)
                .put("median_ms", Math.round(ms[runs / 2] * 100) / 100.0)
                .put("best_gflops", Math.round(gf[runs - 1] * 10) / 10.0)
                .put("runs", runs).put("backend", KernelProvider.get().name())
                .put("float_lanes", KernelProvider.get().floatLanes()).put("gemm_kernel", Gemm.kernelName()));
        return 0;
    }
}
