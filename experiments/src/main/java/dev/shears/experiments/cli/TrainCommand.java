package dev.shears.experiments.cli;

import dev.shears.nn.Module;
import dev.shears.nn.checkpoint.ModelWeights;
import dev.shears.nn.checkpoint.TrainingCheckpoint;
import dev.shears.nn.data.DataLoader;
import dev.shears.nn.data.ImageDataset;
import dev.shears.nn.models.ModelSpec;
import dev.shears.nn.models.Models;
import dev.shears.nn.optim.CosineLr;
import dev.shears.nn.optim.OneCycleLr;
import dev.shears.nn.optim.Sgd;
import dev.shears.nn.train.EarlyStopping;
import dev.shears.nn.train.EpochResult;
import dev.shears.nn.train.ProgressBar;
import dev.shears.nn.train.Trainer;
import dev.shears.nn.train.TrainingResult;
import dev.shears.tensor.random.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shears train}: trains a registered model on a dataset with SGD (momentum, weight decay) and an
 * optional schedule, prints one JSON line per epoch, and writes {@code model.safetensors},
 * {@code checkpoint.safetensors} (updated every epoch; {@code --resume} continues from it) and {@code run.json}
 * into {@code --out}.
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a model (JSON line per epoch on stdout).")
final class TrainCommand implements Callable<Integer> {

    @Mixin CommonOptions common;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "Registered model name, e.g. vgg-small, vgg16-cifar, mobilenetv1-cifar.")
    String model;

    @Option(names = "--dataset", defaultValue = "fashion-mnist", description = "fashion-mnist, mnist, embedded, mnist-json or cifar10 (default ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--epochs", defaultValue = "3") int epochs;

    @Option(names = "--batch", defaultValue = "128") int batch;

    @Option(names = "--lr", defaultValue = "0.05", description = "Learning rate (the peak for onecycle).") double lr;

    @Option(names = "--momentum", defaultValue = "0.9") double momentum;

    @Option(names = "--wd", defaultValue = "5e-4", description = "Weight decay.") double wd;

    @Option(names = "--schedule", defaultValue = "onecycle", description = "none, onecycle or cosine (per step; default ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--clip", defaultValue = "0", description = "Clip the global gradient norm (0 = off).") double clip;

    @Option(names = "--patience", defaultValue = "0", description = "Early stopping patience in epochs on test top-1 (0 = off).")
    int patience;

    @Option(names = "--checkpoint-every", defaultValue = "0", description = "Also checkpoint every N steps (0 = per epoch only).")
    int checkpointEvery;

    @Option(names = "--resume", description = "Continue from this training checkpoint.") Path resume;

    @Option(names = "--no-progress", description = "No progress display on stderr.")
    boolean noProgress;

    @Override public Integer call() throws Exception {
        common.apply();
        if (epochs < 1 || batch < 1) throw new IllegalArgumentException("--epochs and --batch must be >= 1");
        RunInfo info = new RunInfo(spec.commandLine().getParseResult().originalArgs(), common.seed);
        Datasets.Loaded data = Datasets.load(dataset, common.data);
        for (Path f : data.files()) info.addDatasetFile(f);
        Module net = build(model, data.train(), common.seed);
        DataLoader train = DataLoader.builder(data.train()).batchSize(batch).shuffle(true).dropLast(true).seed(common.seed)
                .transform(data.trainTransform()).prefetch(2).build();
        DataLoader test = DataLoader.builder(data.test()).batchSize(Math.max(batch, 256)).shuffle(false)
                .transform(data.testTransform()).prefetch(1).build();
        Sgd opt = new Sgd(net.namedParameters(), lr, momentum, wd);
        long total = (long) epochs * train.batchesPerEpoch();
        Files.createDirectories(common.out);
        Trainer.Builder b = Trainer.builder(net, opt, train).epochs(epochs).evaluateOn(test).clipGradNorm(clip)
                .checkpoint(common.out.resolve("checkpoint.safetensors"), checkpointEvery)
                .onEpoch(r -> System.out.println(epochJson(r)));
        switch (schedule) {
            case "none" -> { }
            case "onecycle" -> b.stepSchedule(OneCycleLr.withDefaults(lr, total));
            case "cosine" -> b.stepSchedule(new CosineLr(lr, total, 0));
            default -> throw new IllegalArgumentException("--schedule must be none, onecycle or cosine, got " + schedule);
        }
        if (patience > 0) b.earlyStopping(new EarlyStopping(EarlyStopping.Metric.TOP1, patience, 0));
        if (!noProgress) b.progress(ProgressBar.stderr());
        Trainer trainer = b.build();
        if (resume != null) trainer.restore(TrainingCheckpoint.read(resume));
        TrainingResult result = trainer.fit();
        ModelWeights.save(common.out.resolve("model.safetensors"), net, Map.of("model", model, "dataset", dataset,
                "classes", Integer.toString(data.train().numClasses())));
        info.write(common.out);
        EpochResult last = result.last();
        System.out.println(new Json().put("done", true).put("model", model).put("dataset", dataset).put("steps", result.steps())
                .put("stopped_early", result.stoppedEarly()).put("params", Models.parameterCount(net))
                .put("test_top1", last == null || last.eval() == null ? null : round(last.eval().top1()))
                .put("out", common.out.toString()));
        return 0;
    }

    /** The registered model for a dataset's channels and classes; the input size must be the model's. */
    static Module build(String name, ImageDataset d, long seed) {
        ModelSpec s = Models.spec(name);
        int[] shape = s.inputShape();
        boolean adaptive = shape[1] == 224; // ImageNet heads pool adaptively and accept other sizes
        if (!adaptive && (shape[1] != d.height() || shape[2] != d.width())) {
            throw new IllegalArgumentException("model " + name + " expects " + shape[1] + "x" + shape[2] + " inputs, the dataset has "
                    + d.height() + "x" + d.width());
        }
        return s.factory().create(d.channels(), d.numClasses(), new Rng(seed));
    }

    static Json epochJson(EpochResult r) {
        Json j = new Json().put("epoch", r.epoch() + 1).put("train_loss", round(r.trainLoss())).put("train_acc", round(r.trainAccuracy()));
        if (r.eval() != null) {
            j.put("test_loss", round(r.eval().loss())).put("test_top1", round(r.eval().top1())).put("test_top5", round(r.eval().top5()));
        }
        return j.put("lr", r.lr()).put("steps", r.steps()).put("seconds", Math.round(r.seconds() * 100) / 100.0);
    }

    static double round(double v) { return Math.round(v * 1e5) / 1e5; }
}
