package dev.shears.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shears.autograd.NoGrad;
import dev.shears.autograd.Variable;
import dev.shears.autograd.ops.CrossEntropy;
import dev.shears.nn.optim.Adam;
import dev.shears.nn.optim.Sgd;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/** The pieces compose: a tiny MLP learns XOR, a tiny CNN learns a separable synthetic image task. */
class TrainingSmokeTest {

    private static int[] predictions(Module m, Tensor x) {
        try (NoGrad g = NoGrad.scope()) {
            Tensor logits = m.forward(Variable.constant(x)).data();
            Tensor am = logits.argmax(1, false);
            int[] p = new int[am.numel()];
            for (int i = 0; i < p.length; i++) p[i] = (int) am.data()[i];
            return p;
        }
    }

    @Test void mlpLearnsXor() {
        Rng rng = new Rng(42);
        Sequential mlp = new Sequential(new Linear(2, 8, rng), new ReLU(), new Linear(8, 2, rng));
        Tensor x = Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
        int[] y = {0, 1, 1, 0};
        Adam opt = Adam.adam(mlp.namedParameters(), 0.05, 0.9, 0.999, 1e-8, 0);
        for (int it = 0; it < 300; it++) {
            opt.zeroGrad();
            CrossEntropy.apply(mlp.forward(Variable.constant(x)), y).backward();
            opt.step();
        }
        int[] p = predictions(mlp, x);
        for (int i = 0; i < 4; i++) assertEquals(y[i], p[i], "XOR row " + i);
    }

    /**
     * Class 0: a bright horizontal bar; class 1: a bright vertical bar; at random positions on noise.
     * Not linearly separable in pixel space position-wise, but trivially separable for a conv net.
     */
    private static Tensor bars(Rng rng, int n, int[] labels) {
        Tensor x = Tensor.normal(rng, 0f, 0.3f, n, 1, 8, 8);
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(2);
            int pos = rng.nextInt(8);
            for (int k = 0; k < 8; k++) {
                if (labels[i] == 0) x.set(x.get(i, 0, pos, k) + 1.5f, i, 0, pos, k);
                else x.set(x.get(i, 0, k, pos) + 1.5f, i, 0, k, pos);
            }
        }
        return x;
    }

    @Test void cnnLearnsBars() {
        Rng rng = new Rng(7);
        Sequential cnn = new Sequential(
                new Conv2d(1, 6, 3, 1, 1, rng), new BatchNorm2d(6), new ReLU(), new MaxPool2d(2),
                new Conv2d(6, 8, 3, 1, 1, 1, 2, false, rng), new ReLU6(), new AdaptiveAvgPool2d(1, 1),
                new Flatten(), new Dropout(0.1f, rng.split()), new Linear(8, 2, rng));
        Sgd opt = new Sgd(cnn.namedParameters(), 0.1, 0.9, 0, 5e-4, true);
        for (int it = 0; it < 60; it++) {
            int[] labels = new int[32];
            Tensor x = bars(rng, 32, labels);
            opt.zeroGrad();
            CrossEntropy.apply(cnn.forward(Variable.constant(x)), labels).backward();
            opt.step();
        }
        cnn.eval();
        int[] labels = new int[200];
        Tensor test = bars(new Rng(99), 200, labels);
        int[] p = predictions(cnn, test);
        int correct = 0;
        for (int i = 0; i < p.length; i++) if (p[i] == labels[i]) correct++;
        assertEquals(200, correct, 2, "test accuracy ~100%");
    }
}
