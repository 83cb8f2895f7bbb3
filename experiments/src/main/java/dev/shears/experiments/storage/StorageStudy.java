package dev.shears.experiments.storage;

import dev.shears.autograd.Variable;
import dev.shears.codec.format.EncodedMatrix;
import dev.shears.codec.format.MatrixFormat;
import dev.shears.codec.model.ModelCompressor;
import dev.shears.codec.model.ModelFile;
import dev.shears.codec.quant.Quantizer;
import dev.shears.codec.quant.Quantizers;
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
import dev.shears.prune.method.PruningConfig;
import dev.shears.prune.method.PruningMethod;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Study 3: compact storage of pruned networks (Marinò et al., ICPR 2020 and arXiv 2108.12704). The pipeline
 * of §3: train dense; for each target sparsity, gradual magnitude pruning with fine-tuning (global threshold,
 * AGP schedule, classifier kept dense — {@link PruningConfig#defaults}); for each quantizer (UQ, CWS, PWS,
 * ECSQ, and none), quantize every weight tensor (rank ≥ 2) with k levels, pruned zeros re-applied, and
 * evaluate; then retrain the centroids ({@link CentroidFineTuning}) and evaluate again; encode the
 * fine-tuned weights in every format (dense, COO, CSR, CSC, IM, HAM, sHAM, and the 2021 paper's IM for
 * convolutions with HAM/sHAM for fully connected layers) and measure ψ per layer and in total; time the
 * compressed multiply of every fully connected layer (CWS weights) against the dense product.
 *
 * <p>Choices where the papers are silent: every pruned network starts from the same dense weights; every
 * quantizer starts from the same pruned weights; quantization is per tensor; the quantized but not
 * fine-tuned accuracy is measured before any retraining; ψ is measured on the stored (fine-tuned) weights;
 * for {@code none}, the pruned float32 weights.
 */
public final class StorageStudy {

    /** The mixed settings of the 2021 paper: IM for convolutions, sHAM or HAM for fully connected layers. */
    public static final List<MatrixFormat[]> MIXED = List.of(new MatrixFormat[] {MatrixFormat.IM, MatrixFormat.SHAM},
            new MatrixFormat[] {MatrixFormat.IM, MatrixFormat.HAM});

    /** Everything measured. */
    public record Results(List<StorageRows.Accuracy> accuracy, List<StorageRows.Psi> psi, List<StorageRows.Timing> timing) {}

    private final StoragePlan plan;
    private final ImageDataset train, test;
    private final Consumer<String> log;
    private final ProgressBar progress;
    private Path modelDir;

    /**
     * A study of {@code plan} on these splits; {@code log} receives one line per finished phase, and
     * {@code progress} (or null) reports training progress.
     */
    public StorageStudy(StoragePlan plan, ImageDataset train, ImageDataset test, Consumer<String> log, ProgressBar progress) {
        this.plan = plan;
        this.train = train;
        this.test = test;
        this.log = log;
        this.progress = progress;
    }

    /**
     * Also writes the models into {@code dir}: {@code dense.safetensors} (when trained here) and, per sparsity
     * and quantizer, the stored weights as a Shears model file in the mixed IM + sHAM setting
     * ({@code s90-cws.shc}).
     */
    public StorageStudy writeModelsTo(Path dir) {
        this.modelDir = dir;
        return this;
    }

    /**
     * Runs the study. {@code denseState} is a trained dense model's state dict, or null to train one with
     * the plan's dense recipe.
     */
    public Results run(Map<String, Tensor> denseState) throws IOException {
        List<StorageRows.Accuracy> acc = new ArrayList<>();
        List<StorageRows.Psi> psi = new ArrayList<>();
        List<StorageRows.Timing> timing = new ArrayList<>();
        ImageDataset tune = tuneSet();

        long t = System.nanoTime();
        Module dense = newModel();
        if (denseState != null) dense.loadStateDict(denseState, true);
        else {
            fit(dense, train, plan.denseEpochs(), plan.lr(), List.of());
            if (modelDir != null) ModelWeights.save(modelDir.resolve("dense.safetensors"), dense, Map.of("model", plan.model()));
        }
        EvalResult de = evaluate(dense);
        acc.add(new StorageRows.Accuracy(0, "none", "dense", de.top1(), de.loss()));
        log.accept(String.format(Locale.ROOT, "dense: top-1 %.2f%% (%.0f s)", 100 * de.top1(), secs(t)));
        Map<String, Tensor> denseCopy = copy(dense.stateDict());

        for (double s : plan.sparsities()) {
            t = System.nanoTime();
            Module net = newModel();
            net.loadStateDict(denseCopy, true);
            PruningMethod pm = PruningMethod.create(net, PruningConfig.defaults("magnitude", s).withSeed(plan.seed()));
            fit(net, tune, plan.pruneEpochs(), plan.pruneLr(), pm.callbacks());
            pm.finish();
            EvalResult pe = evaluate(net);
            acc.add(new StorageRows.Accuracy(s, "none", "pruned", pe.top1(), pe.loss()));
            log.accept(String.format(Locale.ROOT, "pruned to %.0f%%: top-1 %.2f%% (%.0f s)", 100 * s, 100 * pe.top1(), secs(t)));
            Map<String, Tensor> pruned = copy(net.stateDict());

            for (String qName : plan.quantizers()) {
                t = System.nanoTime();
                Quantizer q = Quantizers.byName(qName, plan.seed());
                Map<String, Tensor> stored = pruned;
                if (q != null) stored = quantizeAndTune(pruned, q, s, acc);
                measurePsi(stored, s, qName, psi);
                if (modelDir != null) {
                    Path file = modelDir.resolve(String.format(Locale.ROOT, "s%d-%s.shc", Math.round(100 * s), qName));
                    ModelFile.write(file, new ModelCompressor(MatrixFormat.IM, MatrixFormat.SHAM, null, 0).compress(stored));
                    log.accept(String.format(Locale.ROOT, "  wrote %s (%,d bytes, IM + sHAM)", file, Files.size(file)));
                }
                if (qName.equals("cws")) timeLinearLayers(stored, s, qName, timing);
                log.accept(String.format(Locale.ROOT, "  %s: quantized and measured (%.0f s)", qName, secs(t)));
            }
        }
        return new Results(acc, psi, timing);
    }

    /** Quantizes a copy of the pruned model, evaluates it, fine-tunes its centroids, evaluates again; returns the stored state. */
    private Map<String, Tensor> quantizeAndTune(Map<String, Tensor> pruned, Quantizer q, double s, List<StorageRows.Accuracy> acc) {
        Module net = newModel();
        net.loadStateDict(pruned, true);
        Map<String, Variable> params = net.namedParameters();
        List<String> weights = new ArrayList<>();
        params.forEach((name, v) -> { if (ModelCompressor.isWeight(name, v.data())) weights.add(name); });
        CentroidFineTuning ft = CentroidFineTuning.quantize(params, weights, q, plan.levels(), plan.centroidLr(), plan.centroidMomentum());
        EvalResult qe = evaluate(net);
        acc.add(new StorageRows.Accuracy(s, q.name(), "quantized", qe.top1(), qe.loss()));
        String line = String.format(Locale.ROOT, "  %s k=%d: top-1 %.2f%%", q.name(), plan.levels(), 100 * qe.top1());
        if (plan.fineTuneEpochs() > 0) {
            DataLoader loader = loader(tuneSet());
            Sgd others = new Sgd(ft.otherParameters(params), plan.otherLr(), 0.9, 5e-4);
            Trainer.Builder b = Trainer.builder(net, others, loader).epochs(plan.fineTuneEpochs()).callback(ft);
            if (progress != null) b.progress(progress);
            b.build().fit();
            EvalResult fe = evaluate(net);
            acc.add(new StorageRows.Accuracy(s, q.name(), "fine-tuned", fe.top1(), fe.loss()));
            line += String.format(Locale.ROOT, ", centroids fine-tuned %.2f%%", 100 * fe.top1());
        }
        log.accept(line);
        return copy(net.stateDict());
    }

    private static void measurePsi(Map<String, Tensor> state, double s, String q, List<StorageRows.Psi> out) {
        for (MatrixFormat f : MatrixFormat.values()) out.addAll(PsiMeasure.of(state, f, s, q));
        for (MatrixFormat[] m : MIXED) out.addAll(PsiMeasure.mixed(state, m[0], m[1], s, q));
    }

    private void timeLinearLayers(Map<String, Tensor> state, double s, String q, List<StorageRows.Timing> out) {
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            Tensor w = e.getValue();
            if (w.rank() != 2) continue;
            int rows = w.dim(0), cols = w.dim(1);
            float[] values = w.toArray();
            EncodedMatrix dense = MatrixFormat.DENSE.encode(values, rows, cols);
            for (MatrixFormat f : MatrixFormat.values()) {
                EncodedMatrix m = f.encode(values, rows, cols);
                for (int batch : plan.timingBatches()) {
                    double[] us = MultiplyTiming.time(m, dense, batch, plan.timingRuns(), plan.seed());
                    out.add(new StorageRows.Timing(s, q, f.cliName(), e.getKey(), rows, cols, batch, us[0], us[1]));
                }
            }
        }
    }

    /** The training images of the pruning and fine-tuning phases: the first {@code tuneImages}, or all. */
    private ImageDataset tuneSet() {
        return plan.tuneImages() > 0 && plan.tuneImages() < train.size() ? train.first(plan.tuneImages()) : train;
    }

    private Module newModel() { return Models.create(plan.model(), train.numClasses(), new Rng(plan.seed())); }

    private DataLoader loader(ImageDataset d) {
        return DataLoader.builder(d).batchSize(Math.min(plan.batch(), d.size())).shuffle(true).dropLast(true).seed(plan.seed()).build();
    }

    private void fit(Module net, ImageDataset data, int epochs, double lr, List<TrainingCallback> callbacks) {
        if (epochs == 0) return;
        DataLoader loader = loader(data);
        Trainer.Builder b = Trainer.builder(net, new Sgd(net.namedParameters(), lr, 0.9, 5e-4), loader).epochs(epochs)
                .stepSchedule(OneCycleLr.withDefaults(lr, (long) epochs * loader.batchesPerEpoch()));
        for (TrainingCallback c : callbacks) b.callback(c);
        if (progress != null) b.progress(progress);
        b.build().fit();
    }

    private EvalResult evaluate(Module net) {
        return Evaluator.evaluate(net, DataLoader.builder(test).batchSize(256).shuffle(false).build());
    }

    private static Map<String, Tensor> copy(Map<String, Tensor> s) {
        Map<String, Tensor> c = new LinkedHashMap<>();
        s.forEach((k, v) -> c.put(k, v.copy()));
        return c;
    }

    private static double secs(long t) { return (System.nanoTime() - t) / 1e9; }
}
