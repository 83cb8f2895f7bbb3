package dev.shears.experiments.cli;

import dev.shears.codec.format.MatrixFormat;
import dev.shears.codec.model.CompressedModel;
import dev.shears.codec.model.ModelCompressor;
import dev.shears.codec.model.ModelFile;
import dev.shears.codec.quant.Quantizers;
import dev.shears.experiments.report.BarChart;
import dev.shears.experiments.report.HtmlReport;
import dev.shears.nn.Module;
import dev.shears.nn.checkpoint.ModelWeights;
import dev.shears.nn.data.DataLoader;
import dev.shears.nn.data.ImageDataset;
import dev.shears.nn.models.Models;
import dev.shears.nn.optim.OneCycleLr;
import dev.shears.nn.optim.Sgd;
import dev.shears.nn.train.EvalResult;
import dev.shears.nn.train.Evaluator;
import dev.shears.nn.train.ProgressBar;
import dev.shears.nn.train.Trainer;
import dev.shears.nn.train.TrainingCallback;
import dev.shears.prune.SparsityReport;
import dev.shears.prune.method.PruningConfig;
import dev.shears.prune.method.PruningMethod;
import dev.shears.tensor.Parallel;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.io.AtomicFile;
import dev.shears.tensor.kernels.KernelProvider;
import dev.shears.tensor.random.Rng;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shears demo}: the whole pipeline in a few minutes, offline. Trains a small CNN on the embedded
 * Fashion-MNIST subset (or the full dataset with {@code --data}), prunes copies of it three ways — gradual
 * magnitude (AGP), WeightMom and HALO (penalised training, then one-shot global magnitude) — compresses each
 * with sHAM + CWS, evaluates the decompressed weights, prints a results table and writes an HTML report.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train, prune three ways, compress and report, on the embedded dataset (offline).")
final class DemoCommand implements Callable<Integer> {

    @Mixin CommonOptions common;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", defaultValue = "vgg-small", description = "Model (default ${DEFAULT-VALUE}).") String model;

    @Option(names = "--epochs", defaultValue = "4", description = "Dense training epochs (default ${DEFAULT-VALUE}).") int epochs;

    @Option(names = "--prune-epochs", defaultValue = "3", description = "Epochs of each pruning run (default ${DEFAULT-VALUE}).")
    int pruneEpochs;

    @Option(names = "--sparsity", defaultValue = "0.9", description = "Target sparsity (default ${DEFAULT-VALUE}).") double sparsity;

    @Option(names = "--batch", defaultValue = "64") int batch;

    @Option(names = "--levels", defaultValue = "32", description = "CWS codebook size (default ${DEFAULT-VALUE}).") int levels;

    /** One row of the results table. */
    record Row(String method, double top1, double sparsity, double quantTop1, double psi, long fileBytes, double seconds,
               SparsityReport report) {}

    @Override public Integer call() throws Exception {
        common.apply();
        if (!(sparsity > 0 && sparsity < 1)) throw new IllegalArgumentException("--sparsity must be in (0, 1)");
        long t0 = System.nanoTime();
        Path out = common.out.toString().equals("runs/latest") ? Path.of("runs/demo") : common.out;
        Files.createDirectories(out);
        RunInfo info = new RunInfo(spec.commandLine().getParseResult().originalArgs(), common.seed);
        var k = KernelProvider.get();
        System.err.printf(Locale.ROOT, "shears demo: %s kernels (%d float lanes), %d threads%n", k.name(), k.floatLanes(), Parallel.threads());
        Datasets.Loaded data = common.data == null ? Datasets.load("embedded", null) : Datasets.load("fashion-mnist", common.data);
        for (Path f : data.files()) info.addDatasetFile(f);
        String source = common.data == null ? "embedded Fashion-MNIST subset" : "Fashion-MNIST at " + common.data;
        System.err.printf(Locale.ROOT, "data: %s (%,d train / %,d test images)%n", source, data.train().size(), data.test().size());
        if (common.data == null && Files.isDirectory(Datasets.DEFAULT_FASHION_MNIST)) {
            System.err.println("note: Fashion-MNIST is installed at " + Datasets.DEFAULT_FASHION_MNIST
                    + "; run with --data " + Datasets.DEFAULT_FASHION_MNIST + " to use all of it");
        }
        ImageDataset train = data.train(), test = data.test();
        DataLoader testLoader = DataLoader.builder(test).batchSize(256).build();

        // 1. dense
        long t = System.nanoTime();
        Module dense = Models.create(model, train.numClasses(), new Rng(common.seed));
        fit(dense, train, epochs, 0.05, List.of());
        EvalResult denseEval = Evaluator.evaluate(dense, testLoader);
        Map<String, Tensor> denseState = copy(dense.stateDict());
        Path denseFile = out.resolve("dense.safetensors");
        ModelWeights.save(denseFile, dense, Map.of("model", model));
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("dense", denseEval.top1(), 0, Double.NaN, 1.0, Files.size(denseFile), secs(t), null));
        System.err.printf(Locale.ROOT, "dense %s: top-1 %.2f%% (%.0f s)%n", model, 100 * denseEval.top1(), secs(t));

        // 2. three pruning methods, each from the dense weights
        for (String method : List.of("magnitude", "weightmom", "halo")) {
            t = System.nanoTime();
            Module net = Models.create(model, train.numClasses(), new Rng(common.seed));
            net.loadStateDict(denseState, true);
            PruningConfig cfg = PruningConfig.defaults(method, sparsity).withSeed(common.seed);
            if (method.equals("halo")) cfg = cfg.withHalo(1e-4, 1e-4, 0, cfg.hyper()); // a short run needs a stronger penalty
            PruningMethod pm = PruningMethod.create(net, cfg);
            fit(net, train, pruneEpochs, 0.01, pm.callbacks());
            pm.finish();
            EvalResult pruned = Evaluator.evaluate(net, testLoader);
            SparsityReport rep = SparsityReport.of(net, pm.masks().layers());
            // 3. compress (sHAM + CWS), decompress, evaluate
            CompressedModel cm = ModelCompressor.of(MatrixFormat.SHAM, Quantizers.byName("cws", common.seed), levels).compress(net.stateDict());
            Path file = out.resolve(method + ".shc");
            ModelFile.write(file, cm);
            Module q = Models.create(model, train.numClasses(), new Rng(common.seed));
            q.loadStateDict(ModelCompressor.decompress(ModelFile.read(file)), true);
            EvalResult quant = Evaluator.evaluate(q, testLoader);
            rows.add(new Row(method, pruned.top1(), rep.layersSparsity(), quant.top1(), cm.psi(), Files.size(file), secs(t), rep));
            System.err.printf(Locale.ROOT, "%s: top-1 %.2f%% at %.1f%% sparsity; sHAM+CWS ψ %.4f, top-1 %.2f%% (%.0f s)%n", method,
                    100 * pruned.top1(), 100 * rep.layersSparsity(), cm.psi(), 100 * quant.top1(), secs(t));
        }

        // 4. table, JSON, report
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%-10s %8s %9s %12s %8s %11s %8s%n", "method", "top-1", "sparsity", "top-1 (q)", "ψ", "file", "time"));
        for (Row r : rows) {
            table.append(String.format(Locale.ROOT, "%-10s %7.2f%% %8.1f%% %12s %8.4f %11s %7.0fs%n", r.method(), 100 * r.top1(),
                    100 * r.sparsity(), Double.isNaN(r.quantTop1()) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * r.quantTop1()),
                    r.psi(), String.format(Locale.ROOT, "%,d B", r.fileBytes()), r.seconds()));
        }
        System.out.print(table);
        StringBuilder json = new StringBuilder();
        for (Row r : rows) {
            json.append(new Json().put("method", r.method()).put("top1", r.top1()).put("sparsity", r.sparsity())
                    .put("quantized_top1", Double.isNaN(r.quantTop1()) ? null : r.quantTop1()).put("psi", r.psi())
                    .put("file_bytes", r.fileBytes()).put("seconds", Math.round(r.seconds() * 10) / 10.0)).append('\n');
        }
        AtomicFile.write(out.resolve("results.jsonl"), json.toString().getBytes(StandardCharsets.UTF_8));
        report(rows, source, out.resolve("report.html"), secs(t0));
        info.write(out);
        System.out.printf(Locale.ROOT, "report: %s (%.0f s in all)%n", out.resolve("report.html"), secs(t0));
        return 0;
    }

    private void fit(Module net, ImageDataset train, int nEpochs, double lr, List<TrainingCallback> callbacks) {
        DataLoader loader = DataLoader.builder(train).batchSize(batch).shuffle(true).dropLast(true).seed(common.seed).build();
        Sgd opt = new Sgd(net.namedParameters(), lr, 0.9, 5e-4);
        Trainer.Builder b = Trainer.builder(net, opt, loader).epochs(nEpochs)
                .stepSchedule(OneCycleLr.withDefaults(lr, (long) nEpochs * loader.batchesPerEpoch()))
                .progress(ProgressBar.stderr());
        for (TrainingCallback c : callbacks) b.callback(c);
        b.build().fit();
    }

    private void report(List<Row> rows, String source, Path file, double seconds) throws java.io.IOException {
        HtmlReport r = new HtmlReport("Shears demo: " + model + ", pruned to " + Math.round(100 * sparsity) + "%");
        r.paragraph("Data: " + source + ". Dense training " + epochs + " epochs; each pruning method starts from the dense weights and runs "
                + pruneEpochs + " epochs. Compression: sHAM with CWS (k = " + levels + "); ψ is compressed bytes over dense float32 bytes"
                + " for the whole state dict. Total wall time " + Math.round(seconds) + " s.");
        List<List<String>> cells = new ArrayList<>();
        for (Row x : rows) {
            cells.add(List.of(x.method(), pct(x.top1()), pct(x.sparsity()), Double.isNaN(x.quantTop1()) ? "-" : pct(x.quantTop1()),
                    String.format(Locale.ROOT, "%.4f", x.psi()), String.format(Locale.ROOT, "%,d", x.fileBytes()),
                    String.format(Locale.ROOT, "%.0f", x.seconds())));
        }
        r.table(List.of("method", "top-1", "sparsity", "top-1 after sHAM+CWS", "ψ", "file bytes", "seconds"), cells);
        List<String> methods = rows.stream().map(Row::method).toList();
        r.figure(new BarChart("Test top-1", "method", "top-1 (%)", methods)
                .add(new BarChart.Series("pruned", rows.stream().mapToDouble(x -> 100 * x.top1()).toArray()))
                .add(new BarChart.Series("pruned + sHAM/CWS", rows.stream().mapToDouble(x -> Double.isNaN(x.quantTop1()) ? 100 * x.top1() : 100 * x.quantTop1()).toArray()))
                .toSvg(), "Accuracy of each model, before and after compression.");
        List<Row> pruned = rows.subList(1, rows.size());
        List<String> layers = pruned.get(0).report().rows().stream().map(SparsityReport.Row::name).toList();
        BarChart perLayer = new BarChart("Sparsity per layer", "layer", "sparsity (%)", layers);
        for (Row x : pruned) perLayer.add(new BarChart.Series(x.method(), x.report().rows().stream().mapToDouble(rr -> 100 * rr.sparsity()).toArray()));
        r.figure(perLayer.toSvg(), "Where each method removed weights.");
        r.write(file);
    }

    private static Map<String, Tensor> copy(Map<String, Tensor> s) {
        Map<String, Tensor> c = new LinkedHashMap<>();
        s.forEach((k, v) -> c.put(k, v.copy()));
        return c;
    }

    private static String pct(double v) { return String.format(Locale.ROOT, "%.2f%%", 100 * v); }

    private static double secs(long t) { return (System.nanoTime() - t) / 1e9; }
}
