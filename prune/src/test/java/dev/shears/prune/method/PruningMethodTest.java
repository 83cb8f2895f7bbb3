package dev.shears.prune.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shears.autograd.Variable;
import dev.shears.autograd.ops.CrossEntropy;
import dev.shears.nn.BatchNorm2d;
import dev.shears.nn.Conv2d;
import dev.shears.nn.Flatten;
import dev.shears.nn.Linear;
import dev.shears.nn.ReLU;
import dev.shears.nn.Sequential;
import dev.shears.nn.optim.Sgd;
import dev.shears.nn.train.TrainingCallback;
import dev.shears.nn.train.TrainingContext;
import dev.shears.prune.PrunableLayer;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import org.junit.jupiter.api.Test;

class PruningMethodTest {

    /** Two epochs of ten steps on one batch, calling the callbacks in the contract's order. */
    private static void train(Sequential net, PruningMethod m) {
        Sgd sgd = new Sgd(net.namedParameters(), 0.05, 0.9, 5e-4);
        Tensor x = Tensor.normal(new Rng(3), 0, 1, 4, 1, 6, 6);
        int[] y = {0, 1, 2, 1};
        long[] step = {0};
        int[] epoch = {0};
        TrainingContext ctx = new TrainingContext() {
            public dev.shears.nn.Module model() { return net; }
            public dev.shears.nn.optim.Optimizer optimizer() { return sgd; }
            public int epoch() { return epoch[0]; }
            public int epochs() { return 2; }
            public long step() { return step[0]; }
            public long totalSteps() { return 20; }
            public double batchLoss() { return 0; }
            public void addToBatchLoss(double v) {}
        };
        for (TrainingCallback c : m.callbacks()) c.onTrainStart(ctx);
        for (epoch[0] = 0; epoch[0] < 2; epoch[0]++) {
            for (int s = 0; s < 10; s++, step[0]++) {
                for (TrainingCallback c : m.callbacks()) c.beforeBatch(ctx);
                sgd.zeroGrad();
                CrossEntropy.apply(net.forward(Variable.constant(x)), y).backward();
                for (TrainingCallback c : m.callbacks()) c.afterBackward(ctx);
                sgd.step();
                for (TrainingCallback c : m.callbacks()) c.afterStep(ctx);
            }
            for (TrainingCallback c : m.callbacks()) c.onEpochEnd(ctx);
        }
        epoch[0] = 1;
        for (TrainingCallback c : m.callbacks()) c.onTrainEnd(ctx);
        m.finish();
    }

    private static Sequential net() {
        Rng rng = new Rng(5);
        return new Sequential(new Conv2d(1, 6, 3, 1, 1, rng), new BatchNorm2d(6), new ReLU(), new Flatten(),
                new Linear(6 * 36, 16, rng), new ReLU(), new Linear(16, 3, rng));
    }

    @Test
    void everyMethodEndsAtItsTargetWithMaskedWeightsAtZero() {
        for (String name : PruningMethod.NAMES) {
            Sequential n = net();
            PruningMethod m = PruningMethod.create(n, PruningConfig.defaults(name, 0.75));
            train(n, m);
            assertEquals(0.75, m.masks().sparsity(), 0.01, name);
            for (PrunableLayer l : m.masks().layers()) {
                float[] w = l.weight().data().toArray(), mk = m.masks().mask(l).toArray();
                for (int i = 0; i < w.length; i++) if (mk[i] == 0f) assertTrue(w[i] == 0f, name + " " + l.name());
            }
        }
    }

    @Test
    void unknownMethodIsAClearError() {
        var e = assertThrows(IllegalArgumentException.class, () -> PruningMethod.create(net(), PruningConfig.defaults("obd", 0.5)));
        assertTrue(e.getMessage().contains("obd"));
    }
}
