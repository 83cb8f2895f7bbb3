package dev.shears.nn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shears.autograd.Variable;
import dev.shears.autograd.ops.CrossEntropy;
import dev.shears.nn.Module;
import dev.shears.nn.optim.Sgd;
import dev.shears.tensor.Parallel;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Training steps of the benchmark models (batch norm, dense and grouped-depthwise convolutions at stride 1
 * and 2, 2×2 max pooling, blocked convolution GEMMs with weight-gradient partials, SGD with momentum) give
 * bitwise identical weights and batch-norm statistics with 1 and with 2 threads.
 */
class ThreadDeterminismTest {

    private static Map<String, Tensor> train(String model, int batch, int threads) {
        int before = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            Module net = Models.create(model, 10, new Rng(0));
            int[] shape = Models.spec(model).inputShape();
            Rng rng = new Rng(1);
            Sgd opt = new Sgd(net.namedParameters(), 0.01, 0.9, 5e-4);
            net.train(true);
            for (int step = 0; step < 2; step++) {
                Tensor x = Tensor.normal(rng, 0f, 1f, batch, shape[0], shape[1], shape[2]);
                int[] y = new int[batch];
                for (int i = 0; i < batch; i++) y[i] = rng.nextInt(10);
                opt.zeroGrad();
                Variable loss = CrossEntropy.apply(net.call(Variable.constant(x)), y);
                loss.backward();
                opt.step();
            }
            return net.stateDict();
        } finally {
            Parallel.setThreads(before);
        }
    }

    private static void check(String model, int batch) {
        Map<String, Tensor> one = train(model, batch, 1), two = train(model, batch, 2);
        assertEquals(one.keySet(), two.keySet());
        for (String k : one.keySet()) assertArrayEquals(one.get(k).toArray(), two.get(k).toArray(), model + " " + k);
    }

    @Test void vggSmall() { check("vgg-small", 6); }

    @Test void mobileNetHalfWidth() { check("mobilenetv1-cifar-0.5", 5); }
}
