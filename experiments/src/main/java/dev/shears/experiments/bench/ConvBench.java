package dev.shears.experiments.bench;

import dev.shears.autograd.Variable;
import dev.shears.autograd.ops.Conv2d;
import dev.shears.tensor.Parallel;
import dev.shears.tensor.Tensor;
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
 * Conv2d forward + backward (input and weight gradients) at batch 64 on layer shapes from VGG16 for CIFAR
 * (3×3, stride 1, padding 1) and MobileNetV1 for CIFAR (3×3 depthwise and 1×1 pointwise). The PyTorch
 * counterpart is {@code tools/conv_peer.py} (same shapes, same work). Run from the shaded jar:
 * <pre>java --add-modules jdk.incubator.vector -cp experiments/target/shears.jar org.openjdk.jmh.Main ConvBench</pre>
 * Shape key: {@code name:inChannels:outChannels:size:kernel:stride:padding:groups}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx3g"})
public class ConvBench {

    @Param({
        "vgg_64x64_32:64:64:32:3:1:1:1",
        "vgg_256x256_8:256:256:8:3:1:1:1",
        "vgg_512x512_2:512:512:2:3:1:1:1",
        "mb_dw128_16:128:128:16:3:1:1:128",
        "mb_pw128x128_16:128:128:16:1:1:0:1",
        "mb_dw512_4:512:512:4:3:1:1:512",
        "mb_pw512x512_4:512:512:4:1:1:0:1"})
    public String shape;

    @Param({"64"})
    public int batch;

    @Param({"0"})
    public int threads; // 0: Parallel's default (all processors)

    private Variable x, w;
    private Tensor gy;
    private int stride, padding, groups;

    @Setup(Level.Trial)
    public void setup() {
        String[] f = shape.split(":");
        int c = Integer.parseInt(f[1]), o = Integer.parseInt(f[2]), size = Integer.parseInt(f[3]), k = Integer.parseInt(f[4]);
        stride = Integer.parseInt(f[5]);
        padding = Integer.parseInt(f[6]);
        groups = Integer.parseInt(f[7]);
        if (threads > 0) Parallel.setThreads(threads);
        Rng rng = new Rng(1);
        x = Variable.param(Tensor.uniform(rng, -1f, 1f, batch, c, size, size));
        w = Variable.param(Tensor.uniform(rng, -0.1f, 0.1f, o, c / groups, k, k));
        int out = (size + 2 * padding - k) / stride + 1;
        gy = Tensor.uniform(rng, -1f, 1f, batch, o, out, out);
    }

    /** One forward and backward pass; returns the weight gradient so the work is not dead. */
    @Benchmark
    public Tensor forwardBackward() {
        x.zeroGrad();
        w.zeroGrad();
        Variable y = Conv2d.apply(x, w, null, stride, padding, 1, groups);
        y.backward(gy);
        return w.grad();
    }
}
