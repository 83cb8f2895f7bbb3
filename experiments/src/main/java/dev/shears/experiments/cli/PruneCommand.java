package dev.shears.experiments.cli;

import dev.shears.experiments.study.PrunedTraining;
import dev.shears.experiments.study.Recipe;
import dev.shears.experiments.study.ResultTable;
import dev.shears.experiments.study.RunResult;
import dev.shears.nn.Module;
import dev.shears.nn.checkpoint.ModelWeights;
import dev.shears.nn.checkpoint.TrainingCheckpoint;
import dev.shears.nn.data.ImageDataset;
import dev.shears.nn.io.Safetensors;
import dev.shears.prune.SparsityReport;
import dev.shears.prune.method.PruningConfig;
import dev.shears.prune.method.PruningMethod;
import dev.shears.prune.schedule.PruningSchedule;
import dev.shears.prune.schedule.ScheduleShape;
import dev.shears.prune.score.Criterion;
import dev.shears.prune.score.Granularity;
import dev.shears.prune.score.MaskSelector;
import dev.shears.prune.structure.FilterRemoval;
import dev.shears.tensor.io.AtomicFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shears prune}: loads a model's weights (or starts from its initialisation), trains it for
 * {@code --epochs} while a pruning method acts through the trainer's callbacks (fine-tuning for a
 * pre-trained model, training from scratch otherwise), finishes the method, evaluates, and writes into
 * {@code --out}: {@code model.safetensors} (pruned weights), {@code masks.safetensors},
 * {@code sparsity.json}, {@code sparsity.csv}, with {@code --remove-filters} also {@code model-compact.safetensors}, {@code checkpoint.safetensors} (per epoch; {@code --resume}
 * continues from it, masks and schedule included), an optional trace and {@code run.json}. Prints one JSON
 * line: accuracy, sparsity and the per-layer report.
 */
@Command(name = "prune", mixinStandardHelpOptions = true, description = "Prune a model while training or fine-tuning it.")
final class PruneCommand implements Callable<Integer> {

    @Mixin CommonOptions common;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "Registered model name, e.g. vgg-small.") String model;
    @Option(names = "--weights", description = "Start from these weights (.safetensors or .npz); default: train from scratch.") Path weights;
    @Option(names = "--dataset", defaultValue = "fashion-mnist", description = "As for train (default ${DEFAULT-VALUE}).") String dataset;
    @Option(names = "--method", defaultValue = "magnitude", description = "magnitude, halo, lasso, sws, mcp, weightmom or sparse-momentum.") String method;
    @Option(names = "--sparsity", required = true, description = "Target fraction of pruned weights, e.g. 0.9.") double sparsity;
    @Option(names = "--granularity", defaultValue = "weight", description = "weight, kernel, filter, input_channel, ... (magnitude).") String granularity;
    @Option(names = "--scope", defaultValue = "global", description = "local or global threshold (magnitude).") String scope;
    @Option(names = "--criterion", defaultValue = "large_final", description = "fasterai criterion (magnitude).") String criterion;
    @Option(names = "--schedule", defaultValue = "agp", description = "one_shot, iterative, agp, one_cycle, cos, lin or dsd.") String schedule;
    @Option(names = "--window", split = ",", defaultValue = "0,0.75", description = "Fractions of training where the schedule runs (default ${DEFAULT-VALUE}).")
    List<Double> window;
    @Option(names = "--every", defaultValue = "20", description = "Minimum steps between pruning events (default ${DEFAULT-VALUE}).") int every;
    @Option(names = "--epochs", defaultValue = "3", description = "Training / fine-tuning epochs.") int epochs;
    @Option(names = "--batch", defaultValue = "128") int batch;
    @Option(names = "--lr", description = "Peak one-cycle learning rate (default 0.01 with --weights, else 0.05).") Double lr;
    @Option(names = "--wd", defaultValue = "5e-4", description = "Weight decay (also λ's, for HALO).") double wd;
    @Option(names = "--xi", defaultValue = "1e-5", description = "HALO ξ.") double xi;
    @Option(names = "--psi", defaultValue = "1e-5", description = "HALO ψ.") double psi;
    @Option(names = "--trace", description = "Write a pruning trace (JSON lines) to this file.") Path trace;
    @Option(names = "--remove-filters", description = "After pruning, rebuild the model without its dead filters.") boolean removeFilters;
    @Option(names = "--resume", description = "Continue from this checkpoint (same options).") Path resume;
    @Option(names = "--limit-train", defaultValue = "0", description = "Use at most N training images, balanced (0 = all).") int limitTrain;
    @Option(names = "--limit-test", defaultValue = "0", description = "Use at most N test images, balanced (0 = all).") int limitTest;
    @Option(names = "--progress", defaultValue = "false", negatable = true, description = "Progress on stderr.") boolean progress;

    @Override public Integer call() throws Exception {
        common.apply();
        if (!(sparsity >= 0 && sparsity < 1)) throw new IllegalArgumentException("--sparsity must be in [0, 1), got " + sparsity);
        if (window.size() != 2) throw new IllegalArgumentException("--window takes start,end");
        RunInfo info = new RunInfo(spec.commandLine().getParseResult().originalArgs(), common.seed);
        Datasets.Loaded data = Datasets.load(dataset, common.data);
        for (Path f : data.files()) info.addDatasetFile(f);
        ImageDataset train = StudyData.limit(data.train(), limitTrain), test = StudyData.limit(data.test(), limitTest);
        Module net = TrainCommand.build(model, train, common.seed);
        if (weights != null) ModelWeights.load(net, weights);
        double dense = weights != null ? PrunedTraining.accuracy(net, test) : Double.NaN;
        PruningConfig c = PruningConfig.defaults(method, sparsity)
                .withGranularity(Granularity.parse(granularity))
                .withScope(MaskSelector.Scope.valueOf(scope.toUpperCase(Locale.ROOT)))
                .withCriterion(Criterion.parse(criterion))
                .withSchedule(new PruningSchedule(ScheduleShape.parse(schedule), 0, sparsity, window.get(0), window.get(1), 3))
                .withEvery(every).withHalo(xi, psi, 0, dev.shears.prune.halo.HaloPenalty.Hyper.L1).withLambdaWeightDecay(wd).withSeed(common.seed);
        PruningMethod pm = PruningMethod.create(net, c);
        Files.createDirectories(common.out);
        Recipe recipe = new Recipe(epochs, batch, lr != null ? lr : weights != null ? 0.01 : 0.05, 0.9, wd);
        RunResult r = PrunedTraining.run(net, train, test, recipe, pm, true, common.seed,
                new PrunedTraining.Options(trace, common.out.resolve("checkpoint.safetensors"), resume == null ? null : TrainingCheckpoint.read(resume), progress));
        Map<String, String> meta = Map.of("model", model, "dataset", dataset, "method", method, "sparsity", Double.toString(sparsity));
        Safetensors.write(common.out.resolve("masks.safetensors"), pm.masks().stateDict(), meta);
        SparsityReport rep = r.report();
        AtomicFile.write(common.out.resolve("sparsity.json"), (rep.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
        AtomicFile.write(common.out.resolve("sparsity.csv"), rep.toCsv().getBytes(StandardCharsets.UTF_8));
        Json out = new Json().put("model", model).put("dataset", dataset).put("method", method).put("sparsity_target", sparsity)
                .put("dense_acc", Double.isNaN(dense) ? null : ResultTable.round(dense)).put("acc", ResultTable.round(r.accuracy()))
                .put("layers_sparsity", ResultTable.round(rep.layersSparsity())).put("model_sparsity", ResultTable.round(rep.modelSparsity()))
                .put("steps", r.steps()).put("train_seconds", Math.round(r.seconds() * 10) / 10.0);
        ModelWeights.save(common.out.resolve("model.safetensors"), net, meta);
        if (removeFilters) {
            net.eval();
            List<FilterRemoval.Removed> removed = FilterRemoval.apply(net);
            long params = dev.shears.nn.models.Models.parameterCount(net);
            out.put("filters_removed", removed.stream().mapToInt(x -> x.before() - x.after()).sum()).put("params_after_removal", params)
                    .put("acc_after_removal", ResultTable.round(PrunedTraining.accuracy(net, test)));
            ModelWeights.save(common.out.resolve("model-compact.safetensors"), net, meta);
        }
        out.put("layers", ResultTable.layers(r)).put("out", common.out.toString());
        info.write(common.out);
        System.out.println(out);
        return 0;
    }
}
