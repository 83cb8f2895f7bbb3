package dev.shears.experiments.bench;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.autograd.ops.Conv2d;
import dev.shears.tensor.BufferPool;
import dev.shears.tensor.Parallel;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.util.Locale;

/**
 * The three phases of each convolution of vgg16-cifar (3×3, stride 1, padding 1) timed apart at batch 64, or
 * with {@code vgg-small} as third argument of vgg-small's (28×28 and 14×14 maps) at batch 128:
 * the forward, the backward with only the input gradient, and the backward with only the weight gradient.
 * Best of R runs each, after a warm-up of the same length; one JSON line per layer shape with milliseconds
 * and GFLOPS. Each run is a training step's scope of a {@link BufferPool}, as in the trainer, so outputs reuse
 * the previous run's arrays. For the input gradient, x is the output of a node that ends the graph (as a
 * layer's input inside a network is), so no leaf copies the gradient. Its PyTorch counterpart is
 * {@code tools/conv_phases_peer.py} (same shapes, same phases):
 * <pre>java --add-modules jdk.incubator.vector -cp experiments/target/shears.jar dev.shears.experiments.bench.ConvPhases [RUNS [THREADS [vgg-small]]]</pre>
 */
public final class ConvPhases {

    /** in, out, size: the distinct convolutions of vgg16-cifar after its first (3 → 64). */
    static final int[][] SHAPES = {
        {64, 64, 32}, {64, 128, 16}, {128, 128, 16}, {128, 256, 8}, {256, 256, 8}, {256, 512, 4}, {512, 512, 4}, {512, 512, 2}};

    /** in, out, size: the convolutions of vgg-small (Fashion-MNIST, 28×28×1). */
    static final int[][] VGG_SMALL = {{1, 32, 28}, {32, 32, 28}, {32, 64, 14}, {64, 64, 14}};

    private ConvPhases() {}

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        if (args.length > 1) Parallel.setThreads(Integer.parseInt(args[1]));
        boolean small = args.length > 2 && args[2].equals("vgg-small");
        int n = small ? 128 : 64;
        Rng rng = new Rng(1);
        for (int[] s : small ? VGG_SMALL : SHAPES) {
            int c = s[0], o = s[1], h = s[2];
            Tensor x = Tensor.uniform(rng, -1f, 1f, n, c, h, h), w = Tensor.uniform(rng, -0.1f, 0.1f, o, c, 3, 3);
            Tensor gy = Tensor.uniform(rng, -1f, 1f, n, o, h, h);
            double[] best = new double[3];
            BufferPool pool = new BufferPool();
            for (int phase = 0; phase < 3; phase++) {
                for (int r = 0; r < 2 * runs; r++) { // the first half warms up
                    double ms;
                    try (BufferPool.Scope scope = pool.open()) {
                        ms = time(phase, x, w, gy);
                    }
                    if (r == runs) best[phase] = ms;
                    else if (r > runs) best[phase] = Math.min(best[phase], ms);
                }
            }
            double gflop = 2.0 * n * h * h * c * o * 9 / 1e9;
            System.out.println(String.format(Locale.ROOT,
                    "{\"layer\":\"%d->%d %dx%d\",\"batch\":%d,\"threads\":%d,\"forward_ms\":%.2f,\"input_grad_ms\":%.2f,"
                            + "\"weight_grad_ms\":%.2f,\"forward_gflops\":%.0f,\"input_grad_gflops\":%.0f,\"weight_grad_gflops\":%.0f}",
                    c, o, h, h, n, Parallel.threads(), best[0], best[1], best[2], gflop / best[0] * 1e3, gflop / best[1] * 1e3,
                    gflop / best[2] * 1e3));
        }
    }

    /** A graph input that needs a gradient and drops it, as the layer below would take it over. */
    private static final class Source extends Node {
        Source() { super(Variable.param(Tensor.zeros(1))); }

        Variable of(Tensor x) { return output(x); }

        @Override protected Tensor[] backward(Tensor gy) { return new Tensor[] {null}; }
    }

    /** One phase in milliseconds: 0 the forward, 1 the backward to x only, 2 the backward to w only. */
    private static double time(int phase, Tensor x, Tensor w, Tensor gy) {
        Variable vx = phase == 1 ? new Source().of(x) : Variable.constant(x);
        Variable vw = phase == 2 ? Variable.param(w) : Variable.constant(w);
        if (phase == 0) {
            long t0 = System.nanoTime();
            Conv2d.apply(vx, vw, null, 1, 1, 1, 1);
            return (System.nanoTime() - t0) / 1e6;
        }
        Variable y = Conv2d.apply(vx, vw, null, 1, 1, 1, 1);
        long t0 = System.nanoTime();
        y.backward(gy);
        return (System.nanoTime() - t0) / 1e6;
    }
}
