package dev.shears.experiments.bench;

import dev.shears.tensor.Parallel;
import dev.shears.tensor.gemm.Gemm;
import dev.shears.tensor.random.Rng;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of {@link Gemm#sgemm}: square products {@code C = A·B} and the two transposed layouts
 * the training code uses ({@code Aᵀ·B} for weight gradients, {@code A·Bᵀ} for input gradients).
 * GFLOPS = {@code 2·size³ / time}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBench {

    @Param({"256", "1024", "2048"})
    public int size;

    @Param({"1", "2"})
    public int threads;

    private float[] a;
    private float[] b;
    private float[] c;

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(threads);
        Rng rng = new Rng(42);
        a = new float[size * size];
        b = new float[size * size];
        c = new float[size * size];
        rng.fillUniform(a, -1f, 1f);
        rng.fillUniform(b, -1f, 1f);
    }

    @Benchmark
    public float[] ab() {
        Gemm.sgemm(false, false, size, size, size, 1f, a, 0, size, b, 0, size, 0f, c, 0, size);
        return c;
    }

    @Benchmark
    public float[] atb() {
        Gemm.sgemm(true, false, size, size, size, 1f, a, 0, size, b, 0, size, 0f, c, 0, size);
        return c;
    }

    @Benchmark
    public float[] abt() {
        Gemm.sgemm(false, true, size, size, size, 1f, a, 0, size, b, 0, size, 0f, c, 0, size);
        return c;
    }
}
