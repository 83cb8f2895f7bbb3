package dev.shears.experiments.bench;

import dev.shears.codec.format.EncodedMatrix;
import dev.shears.codec.format.MatrixFormat;
import dev.shears.codec.quant.KMeansQuantizer;
import dev.shears.tensor.random.Rng;
import java.util.Arrays;
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
 * Matrix-vector product on a magnitude-pruned, CWS-quantized matrix in each storage format (the paper's
 * "dot on the compressed form", Marinò et al. 2021 §4.1), single-threaded unless shears.threads is set.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class CodecBench {

    @Param({"dense", "csr", "csc", "ham", "sham"})
    public String format;

    @Param({"4096"})
    public int rows;

    @Param({"4096"})
    public int cols;

    @Param({"0.9"})
    public double sparsity;

    @Param({"32"})
    public int levels;

    private EncodedMatrix matrix;
    private float[] x, y;

    @Setup public void setup() {
        Rng rng = new Rng(1);
        float[] w = new float[rows * cols];
        rng.fillNormal(w, 0f, 0.05f);
        float[] mag = new float[w.length];
        for (int i = 0; i < w.length; i++) mag[i] = Math.abs(w[i]);
        Arrays.sort(mag);
        float threshold = mag[(int) (sparsity * (w.length - 1))];
        for (int i = 0; i < w.length; i++) if (Math.abs(w[i]) <= threshold) w[i] = 0f;
        w = new KMeansQuantizer().quantize(w, levels).values();
        matrix = MatrixFormat.ofName(format).encode(w, rows, cols);
        x = new float[cols];
        y = new float[rows];
        rng.fillUniform(x, -1f, 1f);
    }

    @Benchmark public float[] matvec() {
        matrix.multiply(x, y, 1);
        return y;
    }
}
