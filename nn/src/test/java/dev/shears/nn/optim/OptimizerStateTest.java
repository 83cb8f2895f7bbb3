package dev.shears.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Property: saving the optimizer state after k steps and restoring it into a fresh optimizer (with the same
 * parameter values) continues bit-identically; malformed state is rejected.
 */
class OptimizerStateTest {

    private static LinkedHashMap<String, Variable> params(long seed) {
        Rng rng = new Rng(seed);
        LinkedHashMap<String, Variable> p = new LinkedHashMap<>();
        p.put("a.weight", Variable.param(Tensor.uniform(rng, -1f, 1f, 3, 2)));
        p.put("a.bias", Variable.param(Tensor.uniform(rng, -1f, 1f, 3)));
        return p;
    }

    private static void grads(Map<String, Variable> p, Rng rng) {
        for (Variable v : p.values()) v.setGrad(Tensor.uniform(rng, -1f, 1f, v.shape()));
    }

    private static void checkResume(java.util.function.Function<Map<String, Variable>, Optimizer> make) {
        LinkedHashMap<String, Variable> p1 = params(1), p2 = params(1);
        Optimizer o1 = make.apply(p1);
        Rng r1 = new Rng(9);
        for (int i = 0; i < 3; i++) {
            grads(p1, r1);
            o1.step();
        }
        Map<String, Tensor> saved = o1.stateDict();
        for (Map.Entry<String, Variable> e : p1.entrySet()) p2.get(e.getKey()).data().copyFrom(e.getValue().data());
        Optimizer o2 = make.apply(p2);
        o2.loadStateDict(saved);
        Rng ra = new Rng(10), rb = new Rng(10);
        for (int i = 0; i < 3; i++) {
            grads(p1, ra);
            grads(p2, rb);
            o1.step();
            o2.step();
        }
        for (String k : p1.keySet()) assertTrue(p1.get(k).data().bitwiseEquals(p2.get(k).data()), k);
    }

    @Test void resumeIsExact() {
        checkResume(p -> new Sgd(p, 0.1, 0.9, 0, 1e-4, true));
        checkResume(p -> Adam.adam(p, 1e-2, 0.9, 0.999, 1e-8, 0));
        checkResume(p -> Adam.adamW(p, 1e-2, 0.9, 0.999, 1e-8, 1e-2));
    }

    @Test void liveStateIsTheOptimizersOwnBuffer() {
        LinkedHashMap<String, Variable> p = params(3);
        Sgd o = new Sgd(p, 0.1, 0.9, 0);
        assertNull(o.liveState("a.bias", "momentum_buffer"), "no buffer before the first step");
        grads(p, new Rng(4));
        o.step();
        Tensor buf = o.liveState("a.bias", "momentum_buffer");
        assertTrue(buf.bitwiseEquals(o.stateDict().get("state.a.bias.momentum_buffer")));
        buf.fill(0f); // e.g. a pruning method resetting momentum
        assertEquals(0f, o.stateDict().get("state.a.bias.momentum_buffer").sum());
    }

    @Test void rejectsUnknownKeysAndWrongShapes() {
        Sgd o = new Sgd(params(2), 0.1, 0.9, 0);
        assertThrows(IllegalArgumentException.class, () -> o.loadStateDict(Map.of("state.nope.momentum_buffer", Tensor.zeros(3))));
        assertThrows(IllegalArgumentException.class, () -> o.loadStateDict(Map.of("state.a.bias.momentum_buffer", Tensor.zeros(4))));
    }
}
