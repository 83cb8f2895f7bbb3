package dev.shears.nn.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shears.autograd.NoGrad;
import dev.shears.autograd.Variable;
import dev.shears.autograd.ops.CrossEntropy;
import dev.shears.nn.Module;
import dev.shears.nn.optim.Sgd;
import dev.shears.tensor.BufferPool;
import dev.shears.tensor.Parallel;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Training steps whose ops take recycled arrays from a {@link BufferPool} give the same bits as steps whose
 * ops take new zeroed arrays. The pool poisons every recycled array with NaN, so an op that made its output
 * with {@code Tensor.empty} but left an element unwritten, or read one before writing it, turns the loss or
 * the weights into NaN or other bits. The models cover every op that uses {@code Tensor.empty}: dense
 * convolutions on the direct, implicit-im2col, pointwise and col2im paths, depthwise convolutions at stride
 * 1 and 2, batch norm (small and large planes), ReLU, ReLU6, max pooling, adaptive average pooling, linear.
 */
class BufferPoolTrainingTest {

    /**
     * The losses and evaluation-mode outputs of three steps followed by the final state dict's values, in key
     * order (also the record {@link ThreadDeterminismTest} compares across thread counts).
     */
    static List<float[]> train(String model, int batch, int threads, BufferPool pool, BufferPool evalPool) {
        int before = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            Module net = Models.create(model, 10, new Rng(0));
            int[] shape = Models.spec(model).inputShape();
            Rng rng = new Rng(1);
            Sgd opt = new Sgd(net.namedParameters(), 0.01, 0.9, 5e-4);
            List<float[]> out = new ArrayList<>();
            for (int step = 0; step < 3; step++) {
                Tensor x = Tensor.normal(rng, 0f, 1f, batch, shape[0], shape[1], shape[2]);
                int[] y = new int[batch];
                for (int i = 0; i < batch; i++) y[i] = rng.nextInt(10);
                net.train(true);
                try (BufferPool.Scope s = pool == null ? null : pool.open()) {
                    opt.zeroGrad();
                    Variable loss = CrossEntropy.apply(net.call(Variable.constant(x)), y);
                    out.add(new float[] {loss.data().item()});
                    loss.backward();
                    opt.step();
                }
                net.eval(); // an evaluation-mode forward, in a pool of its own as in the trainer
                try (NoGrad g = NoGrad.scope(); BufferPool.Scope s = evalPool == null ? null : evalPool.open()) {
                    out.add(net.call(Variable.constant(x)).data().toArray());
                }
            }
            for (Map.Entry<String, Tensor> e : net.stateDict().entrySet()) out.add(e.getValue().toArray());
            return out;
        } finally {
            Parallel.setThreads(before);
        }
    }

    private static void check(String model, int batch, int threads) {
        List<float[]> plain = train(model, batch, threads, null, null);
        BufferPool pool = new BufferPool(true), evalPool = new BufferPool(true);
        List<float[]> pooled = train(model, batch, threads, pool, evalPool);
        // the later steps take every array from the step before
        assertTrue(pool.reusedFloats() >= 2 * pool.allocatedFloats(), pool.reusedFloats() + " floats recycled, " + pool.allocatedFloats() + " new");
        assertTrue(evalPool.reusedFloats() >= 2 * evalPool.allocatedFloats(), "evaluation: " + evalPool.reusedFloats() + " recycled");
        assertEquals(plain.size(), pooled.size());
        for (int i = 0; i < plain.size(); i++) {
            float[] a = plain.get(i), b = pooled.get(i);
            assertEquals(a.length, b.length, model + " entry " + i);
            for (int j = 0; j < a.length; j++) {
                assertEquals(Float.floatToRawIntBits(a[j]), Float.floatToRawIntBits(b[j]), model + " entry " + i + " element " + j);
            }
        }
    }

    @Test void vggSmallTwoThreads() { check("vgg-small", 3, 2); }

    @Test void vggSmallOneThread() { check("vgg-small", 2, 1); }

    @Test void leNet() { check("lenet5", 3, 2); }

    @Test void mobileNetQuarterWidth() { check("mobilenetv1-28-0.25", 3, 2); }
}
