package dev.shears.autograd.ops;

import dev.shears.autograd.GradCheck;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * Ops compose: a whole small CNN (conv → batch norm → tanh → avg pool → grouped conv → sigmoid → adaptive
 * pool → flatten → linear → cross-entropy with label smoothing, plus a skip connection that reuses a value)
 * differentiated with respect to its input and every parameter matches finite differences. Smooth
 * activations are used so no input sits near a kink.
 */
class CompositeGradTest {

    @Test void smallCnnEndToEnd() {
        Rng rng = new Rng(21);
        Tensor x = Tensor.uniform(rng, -1f, 1f, 3, 2, 6, 6);
        Tensor w1 = Tensor.uniform(rng, -0.5f, 0.5f, 4, 2, 3, 3), b1 = Tensor.uniform(rng, -0.1f, 0.1f, 4);
        Tensor gamma = Tensor.uniform(rng, 0.5f, 1.5f, 4), beta = Tensor.uniform(rng, -0.5f, 0.5f, 4);
        Tensor w2 = Tensor.uniform(rng, -0.5f, 0.5f, 4, 2, 3, 3);
        Tensor lw = Tensor.uniform(rng, -0.5f, 0.5f, 3, 4), lb = Tensor.uniform(rng, -0.1f, 0.1f, 3);
        int[] targets = {2, 0, 1};
        GradCheck.check("small-cnn", v -> {
            Variable h = Conv2d.apply(v[0], v[1], v[2], 1, 1, 1, 1);                  // [3, 4, 6, 6]
            h = Tanh.apply(BatchNorm2d.apply(h, v[3], v[4], null, null, true, 0.1f, 1e-5f));
            h = AvgPool2d.apply(h, 2, 2, 0, true);                                     // [3, 4, 3, 3]
            Variable g = Sigmoid.apply(Conv2d.apply(h, v[5], null, 1, 1, 1, 2));      // [3, 4, 3, 3]
            h = h.add(g.mul(h));                                                       // skip: h used twice
            h = Reshape.flatten(AdaptiveAvgPool2d.apply(h, 1, 1));                     // [3, 4]
            return CrossEntropy.apply(Linear.apply(h, v[6], v[7]), targets, 0.1f);
        }, x, w1, b1, gamma, beta, w2, lw, lb);
    }
}
