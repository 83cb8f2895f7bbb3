package dev.shears.nn.models;

import dev.shears.autograd.Variable;
import dev.shears.autograd.ops.Reshape;
import dev.shears.nn.Conv2d;
import dev.shears.nn.Linear;
import dev.shears.nn.MaxPool2d;
import dev.shears.nn.Module;
import dev.shears.nn.ReLU;
import dev.shears.nn.Sequential;
import dev.shears.tensor.random.Rng;

/**
 * LeNet-5 (LeCun, Bottou, Bengio and Haffner, "Gradient-based learning applied to document recognition",
 * Proc. IEEE 1998, Section II.B) for 28×28 inputs: C1 conv 5×5 (→6) with padding 2, so 28×28 inputs behave
 * like the paper's 32×32; S2 pool; C3 conv 5×5 (→16); S4 pool; F5 120, F6 84, output. As in the common
 * modern form, and unlike the paper, subsampling is 2×2 max pooling, the nonlinearity is ReLU, C3 connects
 * to all S2 maps and the output is a linear layer (not RBF units): these are what the pruning literature's
 * "LeNet-5" means. 61,706 parameters for 10 classes. Layout: {@code features.{0,3}} convolutions,
 * {@code classifier.{0,2,4}} linear layers. PyTorch default initialisation.
 */
public final class LeNet5 extends Module {

    private final Sequential features, classifier;

    public LeNet5(int inChannels, int classes, Rng rng) {
        features = registerModule("features", new Sequential(
                new Conv2d(inChannels, 6, 5, 1, 2, rng), new ReLU(), new MaxPool2d(2),
                new Conv2d(6, 16, 5, 1, 0, rng), new ReLU(), new MaxPool2d(2)));
        classifier = registerModule("classifier", new Sequential(
                new Linear(16 * 5 * 5, 120, rng), new ReLU(), new Linear(120, 84, rng), new ReLU(), new Linear(84, classes, rng)));
    }

    /** x: [N, C, 28, 28] → logits [N, classes]. */
    @Override public Variable forward(Variable x) {
        return classifier.call(Reshape.flatten(features.call(x)));
    }
}
