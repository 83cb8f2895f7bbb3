package dev.shears.experiments.cli;

import dev.shears.autograd.NoGrad;
import dev.shears.autograd.Variable;
import dev.shears.autograd.ops.CrossEntropy;
import dev.shears.nn.Module;
import dev.shears.nn.models.ModelSpec;
import dev.shears.nn.models.Models;
import dev.shears.nn.optim.Sgd;
import dev.shears.tensor.BufferPool;
import dev.shears.tensor.Parallel;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.kernels.KernelProvider;
import dev.shears.tensor.random.Rng;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shears bench train}: the PyTorch peer's measurement ({@code /work/shared/bench/torch_peer.py}) for a
 * registered model on random data: a training step = zero grad, forward, cross-entropy, backward, SGD with
 * momentum 0.9 (lr 0.01); an inference batch = eval-mode forward without gradients. Warm-up iterations
 * of each are excluded: at least {@code --warmup} of them and at least {@code --warmup-ms} (three iterations,
 * the peer's count, leave vgg-small's pool-thread paths uncompiled: its median step read 215–243 ms after three
 * and 163–166 ms after five seconds). The median of {@code --steps} timed ones is reported (the peer reports the
 * mean), with the median process CPU time per iteration (all threads, GC included: steadier than wall time on a
 * shared machine; {@code tools/torch_peer_cpu.py} reports the same for PyTorch) and the heap in use when the
 * activations of a training step are alive. Steps and inference batches run in {@link BufferPool} scopes as the
 * trainer's do ({@code buffer_pool_mb}: the arrays a step keeps for the next); {@code --no-buffer-pool}
 * allocates every activation anew.
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Time training steps and inference batches (one JSON line).")
final class BenchTrainCommand implements Callable<Integer> {

    @Option(names = "--model", required = true) String model;

    @Option(names = "--batch", defaultValue = "64") int batch;

    @Option(names = "--threads", defaultValue = "2") int threads;

    @Option(names = "--no-buffer-pool", description = "Allocate every activation anew instead of recycling the previous step's arrays (for A/B timing).")
    boolean noBufferPool;
    @Option(names = "--steps", defaultValue = "10", description = "Timed iterations of each (default ${DEFAULT-VALUE}).") int steps;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed iterations of each, at least (default ${DEFAULT-VALUE}).") int warmup;

    @Option(names = "--warmup-ms", defaultValue = "5000", description = "Keep warming up until this much time has passed (default ${DEFAULT-VALUE}).")
    long warmupMs;

    @Option(names = "--classes", defaultValue = "10") int classes;

    @Override public Integer call() {
        if (batch < 1 || threads < 1 || steps < 1 || warmup < 0 || warmupMs < 0) {
            throw new IllegalArgumentException("--batch, --threads, --steps must be >= 1; --warmup, --warmup-ms >= 0");
        }
        Parallel.setThreads(threads);
        ModelSpec s = Models.spec(model);
        Module net = s.create(classes, new Rng(0));
        int[] shape = s.inputShape();
        Rng rng = new Rng(1);
        Tensor x = Tensor.normal(rng, 0f, 1f, batch, shape[0], shape[1], shape[2]);
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) y[i] = rng.nextInt(classes);
        Sgd opt = new Sgd(net.namedParameters(), 0.01, 0.9, 0);
        Runtime rt = Runtime.getRuntime();
        long[] peak = {0};
        BufferPool trainBuffers = new BufferPool(), inferBuffers = new BufferPool();
        Runnable step = () -> {
            try (BufferPool.Scope scope = noBufferPool ? null : trainBuffers.open()) {
                opt.zeroGrad();
                Variable loss = CrossEntropy.apply(net.call(Variable.constant(x)), y);
                peak[0] = Math.max(peak[0], rt.totalMemory() - rt.freeMemory()); // activations are alive here
                loss.backward();
                opt.step();
            }
        };
        net.train(true);
        double[] train = time(step, warmup, warmupMs, steps);
        net.eval();
        double[] infer = time(() -> {
            try (NoGrad g = NoGrad.scope(); BufferPool.Scope scope = noBufferPool ? null : inferBuffers.open()) {
                net.call(Variable.constant(x));
            }
        }, warmup, warmupMs, steps);
        System.out.println(new Json().put("model", model).put("batch", batch).put("threads", threads)
                .put("params", Models.parameterCount(net)).put("train_step_ms", round(train[0])).put("train_step_cpu_ms", round(train[1]))
                .put("infer_batch_ms", round(infer[0])).put("infer_batch_cpu_ms", round(infer[1]))
                .put("train_step_mean_ms", round(train[2])).put("infer_batch_mean_ms", round(infer[2])).put("steps", steps)
                .put("heap_peak_mb", peak[0] >> 20).put("heap_pool_peak_mb", heapPoolPeak() >> 20).put("max_heap_mb", rt.maxMemory() >> 20)
                .put("buffer_pool_mb", (trainBuffers.keptFloats() * Float.BYTES) >> 20)
                .put("backend", KernelProvider.get().name()));
        return 0;
    }

    /** Sum over the heap's memory pools of each pool's peak use since start: an upper bound of the peak heap. */
    private static long heapPoolPeak() {
        long sum = 0;
        for (java.lang.management.MemoryPoolMXBean p : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == java.lang.management.MemoryType.HEAP && p.getPeakUsage() != null) sum += p.getPeakUsage().getUsed();
        }
        return sum;
    }

    private static double round(double ms) { return Math.round(ms * 100) / 100.0; }

    /**
     * Median wall and process-CPU milliseconds of {@code runs} calls after the warm-up ({@link WarmUp}), and the
     * mean wall time (what the PyTorch peer reports; it includes the garbage-collection pauses the median
     * may skip).
     */
    private static double[] time(Runnable r, int warmup, long warmupMs, int runs) {
        WarmUp.run(warmup, warmupMs, r);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        double[] wall = new double[runs], cpu = new double[runs];
        for (int i = 0; i < runs; i++) {
            long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
            r.run();
            wall[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (os.getProcessCpuTime() - c0) / 1e6;
        }
        double mean = Arrays.stream(wall).sum() / runs;
        return new double[] {median(wall), median(cpu), mean};
    }

    private static double median(double[] v) {
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
