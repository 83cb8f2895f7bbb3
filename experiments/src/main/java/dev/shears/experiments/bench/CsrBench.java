package dev.shears.experiments.bench;

import dev.shears.tensor.Parallel;
import dev.shears.tensor.gemm.Gemm;
import dev.shears.tensor.random.Rng;
import dev.shears.tensor.sparse.CsrMatrix;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Pruned-layer products against the dense GEMM they replace, at 50, 90 and 99% sparsity (weights pruned at
 * random positions).
 *
 * <ul>
 *   <li>conv: {@code Y[128, 1024] = W[128, 576] · cols[576, 1024]} (64→128 channels, 3×3, 32×32 image):
 *       {@link CsrMatrix#sparseTimesDense} vs {@code Gemm.sgemm(N, N)}.</li>
 *   <li>linear: {@code Y[b, 512] = X[b, 4096] · W[512, 4096]ᵀ} (a VGG classifier layer, batch b = 1 or 64):
 *       {@link CsrMatrix#denseTimesTransposed} vs {@code Gemm.sgemm(N, T)}.</li>
 * </ul>
 * Run: {@code java --add-modules jdk.incubator.vector -cp experiments/target/shears.jar org.openjdk.jmh.Main CsrBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class CsrBench {

    static final int CONV_M = 128, CONV_K = 576, CONV_N = 1024;
    static final int LIN_M = 512, LIN_K = 4096;

    @Param({"0.5", "0.9", "0.99"})
    public double sparsity;

    @Param({"1"})
    public int threads;

    /** Batch of the linear layer: 1 takes the gather path of denseTimesTransposed, 64 the transposed one. */
    @Param({"1", "64"})
    public int batch;

    private float[] convW, convCols, convY;
    private float[] linW, linX, linY;
    private CsrMatrix convS, linS;

    @Setup
    public void setUp() {
        Parallel.setThreads(threads);
        Rng rng = new Rng(7);
        convW = pruned(rng, CONV_M * CONV_K);
        convCols = uniform(rng, CONV_K * CONV_N);
        convY = new float[CONV_M * CONV_N];
        convS = CsrMatrix.fromDense(convW, 0, CONV_M, CONV_K, 0f);
        linW = pruned(rng, LIN_M * LIN_K);
        linX = uniform(rng, batch * LIN_K);
        linY = new float[batch * LIN_M];
        linS = CsrMatrix.fromDense(linW, 0, LIN_M, LIN_K, 0f);
    }

    private float[] pruned(Rng rng, int n) {
        float[] w = uniform(rng, n);
        for (int i = 0; i < n; i++) if (rng.nextDouble() < sparsity) w[i] = 0f;
        return w;
    }

    private static float[] uniform(Rng rng, int n) {
        float[] a = new float[n];
        rng.fillUniform(a, -1f, 1f);
        return a;
    }

    @Benchmark
    public float[] convCsr() {
        convS.sparseTimesDense(convCols, 0, CONV_N, CONV_N, convY, 0, CONV_N);
        return convY;
    }

    @Benchmark
    public float[] convDenseGemm() {
        Gemm.sgemm(false, false, CONV_M, CONV_N, CONV_K, 1f, convW, 0, CONV_K, convCols, 0, CONV_N, 0f, convY, 0, CONV_N);
        return convY;
    }

    @Benchmark
    public float[] linearCsr() {
        linS.denseTimesTransposed(batch, linX, 0, LIN_K, linY, 0, LIN_M);
        return linY;
    }

    @Benchmark
    public float[] linearDenseGemm() {
        Gemm.sgemm(false, true, batch, LIN_M, LIN_K, 1f, linX, 0, LIN_K, linW, 0, LIN_K, 0f, linY, 0, LIN_M);
        return linY;
    }
}
