package dev.shears.experiments.cli;

import dev.shears.nn.Module;
import dev.shears.nn.checkpoint.ModelWeights;
import dev.shears.nn.data.DataLoader;
import dev.shears.nn.train.EvalResult;
import dev.shears.nn.train.Evaluator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code shears eval}: test loss, top-1 and top-5 of saved weights on a dataset's test split, as one JSON line. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate saved weights on a test split.")
final class EvalCommand implements Callable<Integer> {

    @Mixin CommonOptions common;

    @Option(names = "--model", required = true) String model;

    @Option(names = "--weights", required = true, description = ".safetensors or .npz state dict.") Path weights;

    @Option(names = "--dataset", defaultValue = "fashion-mnist") String dataset;

    @Option(names = "--batch", defaultValue = "256") int batch;

    @Override public Integer call() throws Exception {
        common.apply();
        Datasets.Loaded data = Datasets.load(dataset, common.data);
        Module net = TrainCommand.build(model, data.test(), common.seed);
        ModelWeights.load(net, weights);
        long t0 = System.nanoTime();
        EvalResult r = Evaluator.evaluate(net, DataLoader.builder(data.test()).batchSize(batch).shuffle(false)
                .transform(data.testTransform()).prefetch(1).build());
        System.out.println(new Json().put("model", model).put("dataset", dataset).put("samples", r.samples())
                .put("test_loss", TrainCommand.round(r.loss())).put("test_top1", TrainCommand.round(r.top1()))
                .put("test_top5", TrainCommand.round(r.top5())).put("seconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0));
        return 0;
    }
}
