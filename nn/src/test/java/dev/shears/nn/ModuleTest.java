package dev.shears.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shears.autograd.NoGrad;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Module naming, state dicts, modes and the PyTorch default initialisation. */
class ModuleTest {

    /** A small VGG-like net: features (conv, bn, relu, pool) and a classifier. */
    static Sequential net(Rng rng) {
        return new Sequential(
                new Sequential(new Conv2d(3, 4, 3, 1, 1, rng), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2)),
                new Flatten(),
                new Linear(4 * 2 * 2, 3, rng));
    }

    @Test void stateDictUsesPyTorchNamesAndOrder() {
        Sequential m = net(new Rng(1));
        assertEquals(List.of("0.0.weight", "0.0.bias", "0.1.weight", "0.1.bias", "0.1.running_mean", "0.1.running_var",
                "0.1.num_batches_tracked", "2.weight", "2.bias"), List.copyOf(m.stateDict().keySet()));
        assertEquals(List.of("0.0.weight", "0.0.bias", "0.1.weight", "0.1.bias", "2.weight", "2.bias"),
                List.copyOf(m.namedParameters().keySet()));
        assertArrayEquals(new int[] {4, 3, 3, 3}, m.stateDict().get("0.0.weight").shape());
        assertArrayEquals(new int[0], m.stateDict().get("0.1.num_batches_tracked").shape());
    }

    @Test void loadStateDictRoundTripsAndReportsMismatches() {
        Sequential a = net(new Rng(1)), b = net(new Rng(2));
        LinkedHashMap<String, Tensor> copy = new LinkedHashMap<>();
        a.stateDict().forEach((k, v) -> copy.put(k, v.copy()));
        Tensor weightBefore = b.stateDict().get("2.weight");
        assertTrue(b.loadStateDict(copy, true).clean());
        assertTrue(b.stateDict().get("2.weight").bitwiseEquals(copy.get("2.weight")));
        assertTrue(weightBefore == b.stateDict().get("2.weight"), "loaded in place");

        LinkedHashMap<String, Tensor> broken = new LinkedHashMap<>(copy);
        broken.remove("0.1.running_var");
        broken.put("extra.weight", Tensor.zeros(1));
        Module.StateDictMismatchException e = assertThrows(Module.StateDictMismatchException.class, () -> b.loadStateDict(broken, true));
        assertEquals(List.of("0.1.running_var"), e.result().missingKeys());
        assertEquals(List.of("extra.weight"), e.result().unexpectedKeys());
        Module.LoadResult lenient = b.loadStateDict(broken, false);
        assertEquals(List.of("0.1.running_var"), lenient.missingKeys());

        LinkedHashMap<String, Tensor> wrongShape = new LinkedHashMap<>(copy);
        wrongShape.put("2.bias", Tensor.zeros(4));
        Sequential c = net(new Rng(3));
        Tensor before = c.stateDict().get("0.0.weight").copy();
        Module.StateDictMismatchException e2 = assertThrows(Module.StateDictMismatchException.class, () -> c.loadStateDict(wrongShape, false));
        assertEquals(1, e2.result().shapeMismatches().size());
        assertTrue(c.stateDict().get("0.0.weight").bitwiseEquals(before), "nothing loaded on failure");
    }

    @Test void torchDefaultInitBoundsAndBatchNormDefaults() {
        Conv2d conv = new Conv2d(8, 16, 3, 1, 1, 1, 2, true, new Rng(4));
        double bound = 1 / Math.sqrt(8 / 2 * 9);
        for (float v : conv.weight().data().toArray()) assertTrue(Math.abs(v) <= bound);
        for (float v : conv.bias().data().toArray()) assertTrue(Math.abs(v) <= bound);
        assertArrayEquals(new int[] {16, 4, 3, 3}, conv.weight().shape());
        BatchNorm2d bn = new BatchNorm2d(5);
        for (float v : bn.weight().data().toArray()) assertEquals(1f, v);
        for (float v : bn.runningVar().toArray()) assertEquals(1f, v);
    }

    @Test void trainAndEvalModesPropagateAndChangeBehaviour() {
        Sequential m = new Sequential(new BatchNorm2d(2), new Dropout(0.5f, new Rng(5)));
        Tensor x = Tensor.uniform(new Rng(6), -1f, 1f, 4, 2, 3, 3);
        m.forward(Variable.constant(x));
        assertEquals(1f, m.stateDict().get("0.num_batches_tracked").item());
        m.eval();
        assertFalse(m.get(1).isTraining());
        try (NoGrad g = NoGrad.scope()) {
            Variable y1 = m.forward(Variable.constant(x)), y2 = m.forward(Variable.constant(x));
            assertTrue(y1.data().bitwiseEquals(y2.data()), "eval is deterministic: running stats, no dropout");
        }
        assertEquals(1f, m.stateDict().get("0.num_batches_tracked").item(), "eval does not count batches");
    }
}
