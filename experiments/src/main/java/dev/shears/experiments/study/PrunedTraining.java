package dev.shears.experiments.study;

import dev.shears.nn.Module;
import dev.shears.nn.checkpoint.TrainingCheckpoint;
import dev.shears.nn.data.DataLoader;
import dev.shears.nn.data.ImageDataset;
import dev.shears.nn.optim.OneCycleLr;
import dev.shears.nn.optim.Sgd;
import dev.shears.nn.train.Evaluator;
import dev.shears.nn.train.ProgressBar;
import dev.shears.nn.train.Trainer;
import dev.shears.nn.train.TrainingResult;
import dev.shears.prune.LayerSelector;
import dev.shears.prune.PruningTrace;
import dev.shears.prune.SparsityReport;
import dev.shears.prune.method.PruningMethod;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Trains a model with the {@link Recipe}, optionally pruning it with a {@link PruningMethod} through the
 * trainer's callbacks, ends the method ({@link PruningMethod#finish()}), and evaluates top-1 on the test
 * set. The one routine behind {@code shears prune} and both studies, so that every number in a study comes
 * from the same loop.
 */
public final class PrunedTraining {

    /** Optional extras of a run: a trace file, a checkpoint file, a checkpoint to resume from, progress. */
    public record Options(Path trace, Path checkpoint, TrainingCheckpoint resume, boolean progress) {
        public static final Options NONE = new Options(null, null, null, false);
    }

    private PrunedTraining() {}

    /** Test-set top-1 of {@code model}. */
    public static double accuracy(Module model, ImageDataset test) {
        DataLoader l = DataLoader.builder(test).batchSize(256).shuffle(false).prefetch(1).build();
        return Evaluator.evaluate(model, l).top1();
    }

    /**
     * Trains {@code model} on {@code train} with {@code recipe} and the callbacks of {@code method} (null:
     * plain training), finishes the method unless {@code finish} is false (to prune the trained model several
     * ways afterwards) and measures the test accuracy and the pruned layers' sparsity
     * (the method's layers, or the default selection for plain training).
     */
    public static RunResult run(Module model, ImageDataset train, ImageDataset test, Recipe recipe, PruningMethod method,
                                boolean finish, long seed, Options options) throws IOException {
        DataLoader loader = DataLoader.builder(train).batchSize(Math.min(recipe.batch(), train.size())).shuffle(true)
                .dropLast(true).seed(seed).prefetch(2).build();
        Sgd opt = new Sgd(model.namedParameters(), recipe.lr(), recipe.momentum(), recipe.weightDecay());
        long total = (long) recipe.epochs() * loader.batchesPerEpoch();
        Trainer.Builder b = Trainer.builder(model, opt, loader).epochs(recipe.epochs())
                .stepSchedule(OneCycleLr.withDefaults(recipe.lr(), total));
        if (method != null) method.callbacks().forEach(b::callback);
        Writer traceOut = null;
        if (method != null && options.trace() != null) {
            traceOut = Files.newBufferedWriter(options.trace(), StandardCharsets.UTF_8);
            PruningTrace trace = new PruningTrace(method.masks(), traceOut, (int) Math.max(1, total / 50), 24);
            if (method.penalty() != null) trace.histogram("lambda", method.penalty()::scales);
            b.callback(trace);
        }
        if (options.checkpoint() != null) b.checkpoint(options.checkpoint(), 0);
        if (options.progress()) b.progress(ProgressBar.stderr());
        Trainer trainer = b.build();
        if (options.resume() != null) trainer.restore(options.resume());
        long start = System.nanoTime();
        TrainingResult r;
        try {
            r = trainer.fit();
        } finally {
            if (traceOut != null) traceOut.close();
        }
        if (method != null && finish) method.finish();
        double seconds = (System.nanoTime() - start) / 1e9;
        SparsityReport report = SparsityReport.of(model, method != null ? method.masks().layers() : LayerSelector.defaults().select(model));
        return new RunResult(accuracy(model, test), report, seconds, r.steps());
    }
}
