package dev.shears.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Sequential runs BatchNorm2d + ReLU as one fused node, except while outputs are observed; both ways give
 * the same output, gradients and running statistics bitwise, and an observer sees every module.
 */
class SequentialFusionTest {

    private static Sequential block(long seed) {
        return new Sequential(new Conv2d(2, 3, 3, 1, 1, 1, 1, false, new Rng(seed)), new BatchNorm2d(3), new ReLU(),
                new Conv2d(3, 3, 1, 1, 0, 1, 1, false, new Rng(seed + 1)), new BatchNorm2d(3), new ReLU());
    }

    private record Result(float[] y, float[] gx, List<float[]> grads, List<float[]> buffers) {}

    private static Result step(Sequential net, Tensor x, Tensor gy) {
        Variable vx = Variable.param(x.copy());
        Variable y = net.call(vx);
        y.backward(gy);
        List<float[]> grads = new ArrayList<>(), buffers = new ArrayList<>();
        net.namedParameters().values().forEach(p -> grads.add(p.grad().data().clone()));
        net.namedBuffers().values().forEach(b -> buffers.add(b.data().clone()));
        return new Result(y.data().data().clone(), vx.grad().data().clone(), grads, buffers);
    }

    @Test void fusedAndObservedRunsAgreeBitwise() {
        Rng rng = new Rng(3);
        Tensor x = Tensor.normal(rng, 0f, 1f, 4, 2, 5, 6), gy = Tensor.normal(rng, 0f, 1f, 4, 3, 5, 6);
        Result fused = step(block(7), x, gy);
        List<Module> seen = new ArrayList<>();
        Result observed;
        try (Module.ObserverScope s = Module.observeOutputs((m, y) -> seen.add(m))) {
            observed = step(block(7), x, gy);
        }
        assertEquals(7, seen.size(), "six layers and the container, each reported");
        assertArrayEquals(observed.y(), fused.y());
        assertArrayEquals(observed.gx(), fused.gx());
        for (int i = 0; i < fused.grads().size(); i++) assertArrayEquals(observed.grads().get(i), fused.grads().get(i), "grad " + i);
        for (int i = 0; i < fused.buffers().size(); i++) assertArrayEquals(observed.buffers().get(i), fused.buffers().get(i), "buffer " + i);
    }
}
