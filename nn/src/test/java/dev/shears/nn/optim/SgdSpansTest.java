package dev.shears.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shears.autograd.Variable;
import dev.shears.tensor.Parallel;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;

/**
 * Sgd updates a parameter larger than one parallel span ({@link Sgd#SPAN}) exactly as the plain element loop
 * of its specification does, bitwise, with 1 and with 2 threads, over steps that create and then use the
 * momentum buffer (weight decay and dampening on, so every term of the formula is exercised).
 */
class SgdSpansTest {

    @Test void parallelSpansEqualThePlainLoop() {
        int n = 2 * Sgd.SPAN + 123;
        float lr = 0.05f, m = 0.9f, damp = 1f - 0.1f, wd = 1e-3f;
        Rng rng = new Rng(5);
        float[] p0 = Tensor.uniform(rng, -1f, 1f, n).data();
        float[][] grads = {Tensor.uniform(rng, -1f, 1f, n).data(), Tensor.uniform(rng, -1f, 1f, n).data(), Tensor.uniform(rng, -1f, 1f, n).data()};

        float[] expected = p0.clone(), buf = new float[n];
        for (int step = 0; step < grads.length; step++) {
            for (int i = 0; i < n; i++) {
                float d = grads[step][i] + wd * expected[i];
                buf[i] = step == 0 ? d : m * buf[i] + damp * d;
                expected[i] -= lr * buf[i];
            }
        }
        int saved = Parallel.threads();
        try {
            for (int threads : new int[] {1, 2}) {
                Parallel.setThreads(threads);
                LinkedHashMap<String, Variable> params = new LinkedHashMap<>();
                Variable w = Variable.param(Tensor.of(p0.clone(), n));
                params.put("w", w);
                Sgd sgd = new Sgd(params, lr, m, 0.1, wd, false);
                for (float[] g : grads) {
                    w.setGrad(Tensor.of(g.clone(), n));
                    sgd.step();
                }
                float[] got = w.data().data();
                for (int i = 0; i < n; i++) {
                    assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(got[i]), threads + " threads, element " + i);
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
