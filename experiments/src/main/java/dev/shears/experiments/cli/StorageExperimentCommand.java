package dev.shears.experiments.cli;

import dev.shears.experiments.storage.StoragePlan;
import dev.shears.experiments.storage.StorageReport;
import dev.shears.experiments.storage.StorageStudy;
import dev.shears.nn.checkpoint.ModelWeights;
import dev.shears.nn.data.ImageDataset;
import dev.shears.nn.train.ProgressBar;
import dev.shears.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shears experiment storage}: study 3 ({@link StorageStudy}). Writes into {@code --out}
 * {@code results.csv}, {@code accuracy.csv}, {@code timing.csv}, {@code results.json}, {@code psi_layers.md},
 * {@code summary.md}, {@code report.html}, {@code run.json}, the dense model (if trained) and one IM + sHAM
 * model file per sparsity and quantizer (see {@link StorageStudy#writeModelsTo}); progress lines go to stderr. The quick
 * profile uses the embedded Fashion-MNIST subset, the full profile the installed dataset.
 */
@Command(name = "storage", mixinStandardHelpOptions = true,
        description = "Study 3: ψ per layer and format × quantizer, accuracy with/without centroid fine-tuning, compressed multiply time.")
public final class StorageExperimentCommand implements Callable<Integer> {

    @Mixin CommonOptions common;

    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--dataset", description = "embedded or fashion-mnist (default: embedded for quick, fashion-mnist for full).")
    String dataset;
    @Option(names = "--model", description = "Model (default vgg-small).") String model;
    @Option(names = "--dense", description = "A trained dense model (model.safetensors of `shears train`); skips dense training.")
    Path dense;
    @Option(names = "--sparsities", split = ",", description = "Pruning targets (default: the profile's).") List<Double> sparsities;
    @Option(names = "--quantizers", split = ",", description = "Subset of none, uq, cws, pws, ecsq (default all).") List<String> quantizers;
    @Option(names = "--levels", description = "Codebook size k (default 32).") Integer levels;
    @Option(names = "--epochs", description = "Dense training epochs (default: the profile's).") Integer epochs;
    @Option(names = "--batch", description = "Batch size (default: the profile's).") Integer batch;
    @Option(names = "--prune-epochs", description = "Epochs of gradual pruning with fine-tuning (default 2).") Integer pruneEpochs;
    @Option(names = "--ft-epochs", description = "Epochs of centroid fine-tuning, 0 = none (default 1).") Integer ftEpochs;
    @Option(names = "--centroid-lr", description = "Centroid learning rate (default 1e-4).") Double centroidLr;
    @Option(names = "--centroid-momentum", description = "Centroid momentum (default 0.9).") Double centroidMomentum;
    @Option(names = "--tune-images", description = "Training images of the pruning and fine-tuning phases (default all).") Integer tuneImages;
    @Option(names = "--limit-train", defaultValue = "0", description = "Use the first N training images (0 = all).") int limitTrain;
    @Option(names = "--limit-test", defaultValue = "0", description = "Use the first N test images (0 = all).") int limitTest;
    @Option(names = "--timing-batches", split = ",", description = "Batch sizes of the multiply timing (default 1,64).") List<Integer> timingBatches;
    // Not a negatable --[no-]progress: with a default of true, picocli 4.7 makes "--progress" switch it off.
    @Option(names = "--no-progress", description = "No training progress on stderr (it is on by default).")
    boolean noProgress;
    @Option(names = "--timing-runs", description = "Timed runs per multiply (default: quick 5, full 20).") Integer timingRuns;

    @Override public Integer call() throws Exception {
        common.apply();
        RunInfo info = new RunInfo(spec.commandLine().getParseResult().originalArgs(), common.seed);
        boolean quick = common.profile == CommonOptions.Profile.quick;
        StoragePlan p = quick ? StoragePlan.quick(common.seed) : StoragePlan.full(common.seed);
        p = new StoragePlan(model != null ? model : p.model(), epochs != null ? epochs : p.denseEpochs(), batch != null ? batch : p.batch(),
                p.lr(), sparsities != null ? sparsities : p.sparsities(), pruneEpochs != null ? pruneEpochs : p.pruneEpochs(), p.pruneLr(),
                quantizers != null ? quantizers : p.quantizers(), levels != null ? levels : p.levels(),
                ftEpochs != null ? ftEpochs : p.fineTuneEpochs(), centroidLr != null ? centroidLr : p.centroidLr(),
                centroidMomentum != null ? centroidMomentum : p.centroidMomentum(), p.otherLr(), tuneImages != null ? tuneImages : p.tuneImages(),
                timingBatches != null ? timingBatches : p.timingBatches(), timingRuns != null ? timingRuns : p.timingRuns(), common.seed);
        String name = dataset != null ? dataset : quick ? "embedded" : "fashion-mnist";
        Datasets.Loaded d = Datasets.load(name, common.data);
        for (Path f : d.files()) info.addDatasetFile(f);
        ImageDataset train = limitTrain > 0 && limitTrain < d.train().size() ? d.train().first(limitTrain) : d.train();
        ImageDataset test = limitTest > 0 && limitTest < d.test().size() ? d.test().first(limitTest) : d.test();
        String description = String.format(Locale.ROOT, "%s (%,d train / %,d test images)%s", name, train.size(), test.size(),
                dense != null ? "; dense model " + dense : "");
        System.err.println("shears experiment storage: " + description);
        Map<String, Tensor> denseState = dense != null ? ModelWeights.read(dense) : null;
        long t0 = System.nanoTime();
        java.nio.file.Files.createDirectories(common.out);
        StorageStudy.Results r = new StorageStudy(p, train, test, line -> System.err.println(line),
                noProgress ? null : ProgressBar.stderr()).writeModelsTo(common.out).run(denseState);
        double seconds = (System.nanoTime() - t0) / 1e9;
        new StorageReport(p, r, description, seconds).write(common.out);
        info.write(common.out);
        System.out.println(new Json().put("done", true).put("study", "storage").put("psi_rows", r.psi().size())
                .put("accuracy_rows", r.accuracy().size()).put("timing_rows", r.timing().size())
                .put("seconds", Math.round(seconds)).put("out", common.out.toString()));
        return 0;
    }
}
