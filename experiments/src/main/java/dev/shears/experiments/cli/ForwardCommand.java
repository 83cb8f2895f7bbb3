package dev.shears.experiments.cli;

import dev.shears.autograd.NoGrad;
import dev.shears.autograd.Variable;
import dev.shears.nn.Module;
import dev.shears.nn.checkpoint.ModelWeights;
import dev.shears.nn.io.Npy;
import dev.shears.nn.models.ModelSpec;
import dev.shears.nn.models.Models;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shears forward}: eval-mode logits of a model with given weights for an input {@code .npy}
 * [N, C, H, W], written as {@code .npy} [N, classes] — for comparing with PyTorch on the same weights.
 */
@Command(name = "forward", mixinStandardHelpOptions = true, description = "Eval-mode forward pass: input .npy to logits .npy.")
final class ForwardCommand implements Callable<Integer> {

    @Option(names = "--model", required = true) String model;

    @Option(names = "--weights", required = true, description = ".safetensors or .npz state dict (torchvision names).") Path weights;

    @Option(names = "--input", required = true) Path input;

    @Option(names = "--output", required = true) Path output;

    @Option(names = "--classes", description = "Classes (default: the model's).") Integer classes;

    @Option(names = "--threads", description = "Compute threads.") Integer threads;

    @Override public Integer call() throws Exception {
        if (threads != null) dev.shears.tensor.Parallel.setThreads(threads);
        ModelSpec s = Models.spec(model);
        Tensor x = Npy.read(input);
        if (x.rank() != 4) throw new IllegalArgumentException("--input must be [N, C, H, W], got rank " + x.rank());
        Module net = s.factory().create(x.dim(1), classes != null ? classes : s.classes(), new Rng(0));
        ModelWeights.load(net, weights);
        net.eval();
        long t0 = System.nanoTime();
        Tensor y;
        try (NoGrad g = NoGrad.scope()) {
            y = net.call(Variable.constant(x)).data();
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        Npy.write(output, y);
        System.out.println(new Json().put("model", model).put("batch", x.dim(0)).put("classes", y.dim(1))
                .put("forward_ms", Math.round(ms * 100) / 100.0).put("output", output.toString()));
        return 0;
    }
}
