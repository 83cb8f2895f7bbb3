package dev.shears.experiments.bench;

import dev.shears.tensor.conv.ConvGeometry;
import dev.shears.tensor.conv.Im2col;
import dev.shears.tensor.random.Rng;
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
 * im2col and col2im of one image, all groups, on VGG- and MobileNet-like CIFAR layer shapes.
 *
 * <p>Shapes ({@code layer}): {@code vgg64} 64×32×32 3×3 pad 1; {@code vgg256} 256×8×8 3×3 pad 1;
 * {@code vgg512} 512×4×4 3×3 pad 1; {@code mbStride2} 64×32×32 3×3 stride 2 pad 1;
 * {@code mbDepthwise} 128×16×16 3×3 pad 1, groups 128.
 * Run: {@code java --add-modules jdk.incubator.vector -cp experiments/target/shears.jar org.openjdk.jmh.Main Im2colBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class Im2colBench {

    @Param({"vgg64", "vgg256", "vgg512", "mbStride2", "mbDepthwise"})
    public String layer;

    private ConvGeometry g;
    private float[] image;
    private float[] cols; // all groups, one after the other: [groups, cg·kh·kw, outH·outW]
    private float[] grad;

    static ConvGeometry geometry(String layer) {
        return switch (layer) {
            case "vgg64" -> ConvGeometry.square(64, 32, 32, 3, 1, 1, 1, 1);
            case "vgg256" -> ConvGeometry.square(256, 8, 8, 3, 1, 1, 1, 1);
            case "vgg512" -> ConvGeometry.square(512, 4, 4, 3, 1, 1, 1, 1);
            case "mbStride2" -> ConvGeometry.square(64, 32, 32, 3, 2, 1, 1, 1);
            case "mbDepthwise" -> ConvGeometry.square(128, 16, 16, 3, 1, 1, 1, 128);
            default -> throw new IllegalArgumentException("unknown layer " + layer);
        };
    }

    @Setup
    public void setUp() {
        g = geometry(layer);
        Rng rng = new Rng(1);
        image = new float[g.imageSize()];
        rng.fillUniform(image, -1f, 1f);
        cols = new float[g.groups() * g.colRows() * g.colCols()];
        rng.fillUniform(cols, -1f, 1f);
        grad = new float[g.imageSize()];
    }

    @Benchmark
    public float[] im2col() {
        int block = g.colRows() * g.colCols();
        for (int group = 0; group < g.groups(); group++) Im2col.im2col(image, 0, g, group, cols, group * block);
        return cols;
    }

    @Benchmark
    public float[] col2im() {
        java.util.Arrays.fill(grad, 0f);
        int block = g.colRows() * g.colCols();
        for (int group = 0; group < g.groups(); group++) Im2col.col2im(cols, group * block, g, group, grad, 0);
        return grad;
    }
}
