package dev.shears.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shears.autograd.Variable;
import dev.shears.tensor.Parallel;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/** ReLU split into parallel chunks (several, with a partial last one) equals the element-wise definition. */
class ReluChunksTest {

    @Test void multiChunkForwardAndBackwardMatchTheDefinition() {
        int before = Parallel.threads();
        Parallel.setThreads(2);
        try {
            int n = 3 * Relu.CHUNK + 17;
            Rng rng = new Rng(5);
            Tensor x = Tensor.normal(rng, 0f, 1f, n), gy = Tensor.normal(rng, 0f, 1f, n);
            x.data()[7] = Float.NaN;
            Variable xv = Variable.leaf(x, true);
            Variable y = Relu.apply(xv);
            y.backward(gy);
            for (int i = 0; i < n; i++) {
                float v = x.data()[i];
                float expectY = v > 0f ? v : (Float.isNaN(v) ? v : 0f);
                assertEquals(expectY, y.data().data()[i], 0f, "y[" + i + "]");
                assertEquals(v > 0f ? gy.data()[i] : 0f, xv.grad().data()[i], 0f, "gx[" + i + "]");
            }
        } finally {
            Parallel.setThreads(before);
        }
    }
}
