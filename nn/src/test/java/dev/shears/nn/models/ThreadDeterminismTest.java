package dev.shears.nn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Training steps of the benchmark models (batch norm, dense and grouped-depthwise convolutions at stride 1
 * and 2, 2×2 max pooling, blocked convolution GEMMs with weight-gradient partials, SGD with momentum) give
 * bitwise identical losses, evaluation outputs, weights and batch-norm statistics with 1 and with 2 threads.
 */
class ThreadDeterminismTest {

    /** Three steps and evaluations ({@link BufferPoolTrainingTest#train}, no pool) on 1 and on 2 threads. */
    private static void check(String model, int batch) {
        List<float[]> one = BufferPoolTrainingTest.train(model, batch, 1, null, null);
        List<float[]> two = BufferPoolTrainingTest.train(model, batch, 2, null, null);
        assertEquals(one.size(), two.size());
        for (int i = 0; i < one.size(); i++) assertArrayEquals(one.get(i), two.get(i), model + " entry " + i);
    }

    @Test void vggSmall() { check("vgg-small", 6); }

    @Test void mobileNetHalfWidth() { check("mobilenetv1-cifar-0.5", 5); }
}
