package dev.shears.experiments.cli;

import dev.shears.autograd.NoGrad;
import dev.shears.autograd.Variable;
import dev.shears.nn.Conv2d;
import dev.shears.nn.Linear;
import dev.shears.nn.Module;
import dev.shears.nn.models.ModelSpec;
import dev.shears.nn.models.Models;
import dev.shears.prune.LayerSelector;
import dev.shears.prune.Prune;
import dev.shears.prune.score.Criterion;
import dev.shears.prune.score.Granularity;
import dev.shears.prune.score.MaskSelector;
import dev.shears.prune.inference.SparseInference;
import dev.shears.tensor.Parallel;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.kernels.KernelProvider;
import dev.shears.tensor.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shears bench infer}: eval-mode inference time of a model whose prunable layers (conv and linear, not
 * the classifier) are each pruned to a sparsity (unstructured magnitude per layer on random-initialised
 * weights: timing does not depend on which weights survive, only on how many), dense versus converted to CSR layers ({@link SparseInference}). Prints one JSON line per timed
 * layer (dense and sparse forward time of that layer on its real input) and a summary line for the whole
 * model. Times are medians over {@code --runs} after {@code --warmup} untimed runs.
 */
@Command(name = "infer", mixinStandardHelpOptions = true, description = "Dense vs CSR inference time of a pruned model (JSON lines).")
final class BenchInferCommand implements Callable<Integer> {

    @Option(names = "--model", required = true) String model;

    @Option(names = "--sparsity", defaultValue = "0.9") double sparsity;

    @Option(names = "--batch", defaultValue = "64") int batch;

    @Option(names = "--threads", defaultValue = "2") int threads;

    @Option(names = "--runs", defaultValue = "9") int runs;

    @Option(names = "--warmup", defaultValue = "3") int warmup;

    @Option(names = "--threshold", defaultValue = "0.5", description = "Convert layers at least this sparse (default ${DEFAULT-VALUE}).")
    double threshold;

    /** Times its delegate's forward passes. */
    static final class Timed extends Module {
        final Module inner;
        final List<Long> nanos = new ArrayList<>();

        Timed(Module inner) { this.inner = inner; }

        @Override public Variable forward(Variable x) {
            long t = System.nanoTime();
            Variable y = inner.forward(x);
            nanos.add(System.nanoTime() - t);
            return y;
        }

        double medianMs(int skip) {
            long[] v = nanos.stream().skip(skip).mapToLong(Long::longValue).sorted().toArray();
            return v.length == 0 ? Double.NaN : v[v.length / 2] / 1e6;
        }
    }

    @Override public Integer call() {
        if (!(sparsity >= 0 && sparsity < 1)) throw new IllegalArgumentException("--sparsity must be in [0, 1)");
        if (batch < 1 || threads < 1 || runs < 1 || warmup < 0) throw new IllegalArgumentException("--batch, --threads, --runs must be >= 1");
        Parallel.setThreads(threads);
        ModelSpec s = Models.spec(model);
        Module net = s.create(10, new Rng(0));
        // every prunable layer at the same sparsity (local scope), so each layer's speed-up is at the stated sparsity
        if (sparsity > 0) {
            Prune.prune(net, Criterion.LARGE_FINAL, Granularity.WEIGHT, MaskSelector.Scope.LOCAL, LayerSelector.defaults(), sparsity, 0);
        }
        net.eval();
        int[] shape = s.inputShape();
        Tensor x = Tensor.normal(new Rng(1), 0f, 1f, batch, shape[0], shape[1], shape[2]);
        Map<String, double[]> layerMs = new LinkedHashMap<>();
        Map<String, String> layerInfo = new LinkedHashMap<>();
        double denseMs = time(net, x, layerMs, 0, layerInfo);
        List<String> converted = SparseInference.convert(net, threshold);
        double sparseMs = time(net, x, layerMs, 1, layerInfo);
        for (Map.Entry<String, double[]> e : layerMs.entrySet()) {
            double[] d = e.getValue();
            System.out.println(new Json().put("layer", e.getKey()).put("info", layerInfo.get(e.getKey()))
                    .put("converted", converted.contains(e.getKey())).put("dense_ms", r2(d[0])).put("sparse_ms", r2(d[1]))
                    .put("speedup", r2(d[0] / d[1])));
        }
        System.out.println(new Json().put("op", "infer").put("model", model).put("sparsity", sparsity).put("batch", batch)
                .put("threads", threads).put("dense_ms", r2(denseMs)).put("sparse_ms", r2(sparseMs)).put("speedup", r2(denseMs / sparseMs))
                .put("converted_layers", converted.size()).put("backend", KernelProvider.get().name()));
        return 0;
    }

    /** Wraps every conv/linear/CSR layer in a {@link Timed}, times whole forwards, then unwraps. */
    private double time(Module net, Tensor x, Map<String, double[]> layerMs, int slot, Map<String, String> info) {
        List<Object[]> wrapped = new ArrayList<>(); // parent, child name, Timed
        for (Map.Entry<String, Module> e : new ArrayList<>(net.namedModules().entrySet())) {
            for (Map.Entry<String, Module> c : new ArrayList<>(e.getValue().children().entrySet())) {
                Module m = c.getValue();
                boolean layer = m instanceof Conv2d || m instanceof Linear || m.getClass().getPackageName().endsWith("prune.inference");
                if (!layer) continue;
                String name = e.getKey().isEmpty() ? c.getKey() : e.getKey() + "." + c.getKey();
                if (m instanceof Conv2d cv) info.putIfAbsent(name, "conv " + Arrays.toString(cv.weight().data().shape()));
                if (m instanceof Linear l) info.putIfAbsent(name, "linear " + Arrays.toString(l.weight().data().shape()));
                Timed t = new Timed(m);
                e.getValue().replaceChild(c.getKey(), t);
                wrapped.add(new Object[] {e.getValue(), c.getKey(), t, name});
            }
        }
        long[] total = new long[warmup + runs];
        try (NoGrad g = NoGrad.scope()) {
            for (int i = 0; i < warmup + runs; i++) {
                long t0 = System.nanoTime();
                net.call(Variable.constant(x));
                total[i] = System.nanoTime() - t0;
            }
        }
        for (Object[] w : wrapped) {
            Timed t = (Timed) w[2];
            ((Module) w[0]).replaceChild((String) w[1], t.inner);
            layerMs.computeIfAbsent((String) w[3], k -> new double[2])[slot] = t.medianMs(warmup);
        }
        long[] timed = Arrays.copyOfRange(total, warmup, total.length);
        Arrays.sort(timed);
        return timed[timed.length / 2] / 1e6;
    }

    private static double r2(double v) { return Math.round(v * 100) / 100.0; }
}
