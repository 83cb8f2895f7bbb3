package dev.shears.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shears.autograd.ops.Conv2d;
import dev.shears.autograd.ops.Linear;
import dev.shears.autograd.ops.Tanh;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/** The graph engine: accumulation, shared sub-expressions, deep graphs, release, no-grad scopes. */
class BackwardTest {

    @Test void gradientsAccumulateOverUsesAndCalls() {
        Variable x = Variable.param(Tensor.of(new float[] {2f}, 1));
        // y = x·x + x → dy/dx = 2x + 1 = 5
        x.mul(x).add(x).sum().backward();
        assertEquals(5f, x.grad().item());
        x.mul(x).add(x).sum().backward();
        assertEquals(10f, x.grad().item(), "a second backward accumulates");
        x.zeroGrad();
        assertNull(x.grad());
    }

    @Test void deepGraphDoesNotOverflowTheStack() {
        Variable x = Variable.param(Tensor.of(new float[] {0.5f}, 1));
        Variable y = x;
        int depth = 200_000;
        Variable eps = Variable.constant(Tensor.of(new float[] {0f}, 1));
        for (int i = 0; i < depth; i++) y = y.add(eps);
        y.sum().backward();
        assertEquals(1f, x.grad().item());
    }

    @Test void graphIsReleasedAfterBackward() {
        Variable x = Variable.param(Tensor.of(new float[] {0.3f, -0.2f}, 2));
        Variable y = Tanh.apply(x.mul(x));
        Variable loss = y.sum();
        loss.backward();
        assertTrue(loss.isLeaf(), "root unlinked");
        assertTrue(y.isLeaf(), "intermediate unlinked");
        assertThrows(IllegalStateException.class, loss::backward, "a graph is differentiated once");
        assertThrows(IllegalStateException.class, () -> y.mul(x).sum().backward(), "released values pass no gradient");
    }

    @Test void noGradScopeIsThreadConfinedAndNests() throws Exception {
        Variable x = Variable.param(Tensor.ones(2));
        try (NoGrad a = NoGrad.scope()) {
            try (NoGrad b = NoGrad.scope()) {
                assertTrue(x.mul(x).isLeaf());
            }
            assertFalse(NoGrad.enabled());
            boolean[] other = new boolean[1];
            Thread t = new Thread(() -> other[0] = NoGrad.enabled());
            t.start();
            t.join();
            assertTrue(other[0], "another thread still records");
        }
        assertTrue(NoGrad.enabled());
        assertFalse(x.mul(x).isLeaf());
    }

    @Test void constantsGetNoGradient() {
        Variable x = Variable.param(Tensor.ones(2));
        Variable c = Variable.constant(Tensor.full(3f, 2));
        x.mul(c).sum().backward();
        assertNull(c.grad());
        assertEquals(3f, x.grad().get(1));
    }

    /**
     * Convolution and linear layers hand their weight gradients over without a copy
     * ({@link Node#freshGradient}); a weight used twice must still get the sum of its two uses' gradients,
     * and the kept gradient must not be the storage of anything else.
     */
    @Test void keptWeightGradientsAccumulateOverSharedUses() {
        Rng rng = new Rng(3);
        Tensor xt = Tensor.uniform(rng, -1f, 1f, 2, 3, 5, 5), wt = Tensor.uniform(rng, -1f, 1f, 3, 3, 3, 3);
        Tensor lt = Tensor.uniform(rng, -1f, 1f, 4, 75);
        Tensor[] alone = new Tensor[4];
        for (int use = 0; use < 2; use++) { // each use of the shared weights on its own
            Variable x = Variable.constant(xt), w = Variable.param(wt), l = Variable.param(lt);
            Variable y = Conv2d.apply(x, w, null, 1, 1, 1, 1);
            if (use == 1) y = Conv2d.apply(Tanh.apply(y.detach()), w, null, 1, 1, 1, 1);
            Linear.apply(Tanh.apply(y).reshape(2, 75), l, null).sum().backward();
            alone[2 * use] = w.grad();
            alone[2 * use + 1] = l.grad();
        }
        Variable x = Variable.constant(xt), w = Variable.param(wt), l = Variable.param(lt);
        Variable y1 = Conv2d.apply(x, w, null, 1, 1, 1, 1);
        Variable y2 = Conv2d.apply(Tanh.apply(y1.detach()), w, null, 1, 1, 1, 1);
        Variable z1 = Linear.apply(Tanh.apply(y1).reshape(2, 75), l, null);
        Variable z2 = Linear.apply(Tanh.apply(y2).reshape(2, 75), l, null);
        z1.sum().add(z2.sum()).backward();
        assertTrue(w.grad().ownsStorage() && l.grad().ownsStorage());
        for (int k = 0; k < 2; k++) {
            Tensor both = k == 0 ? w.grad() : l.grad(), first = alone[k], second = alone[2 + k];
            for (int i = 0; i < both.numel(); i++) {
                float a = first.data()[i], b = second.data()[i];
                assertEquals(a + b, both.data()[i], "element " + i); // the same chains on the same inputs: exact
            }
        }
        assertTrue(w.grad().data() != wt.data() && l.grad().data() != lt.data());
    }

    /**
     * {@link Variable#recycleGrad}: the next backward writes convolution and linear weight gradients into the
     * old storage, whatever it holds (here NaN), and gets the bits of a gradient computed into new zeros.
     * Batches of 1 and 12 images cover the weight gradient written straight by the GEMM and the one summed
     * from per-chunk partials.
     */
    @Test void recycledGradientStorageIsOverwrittenWhole() {
        Rng rng = new Rng(5);
        for (int n : new int[] {1, 12}) {
            Tensor xt = Tensor.uniform(rng, -1f, 1f, n, 3, 8, 8);
            Variable w = Variable.param(Tensor.uniform(rng, -1f, 1f, 4, 3, 3, 3));
            Variable l = Variable.param(Tensor.uniform(rng, -1f, 1f, 5, 256));
            Runnable step = () -> Linear.apply(Tanh.apply(Conv2d.apply(Variable.constant(xt), w, null, 1, 1, 1, 1)).reshape(n, 256), l, null)
                    .sum().backward();
            step.run();
            Tensor wRef = w.grad().copy(), lRef = l.grad().copy();
            float[] wStorage = w.grad().data(), lStorage = l.grad().data();
            w.grad().fill(Float.NaN);
            l.grad().fill(Float.NaN);
            w.recycleGrad();
            l.recycleGrad();
            assertNull(w.grad());
            step.run();
            assertSame(wStorage, w.grad().data(), "batch " + n + ": the conv gradient reuses its storage");
            assertSame(lStorage, l.grad().data(), "batch " + n + ": the linear gradient reuses its storage");
            assertTrue(w.grad().bitwiseEquals(wRef), "batch " + n + ": conv weight gradient");
            assertTrue(l.grad().bitwiseEquals(lRef), "batch " + n + ": linear weight gradient");
            w.zeroGrad(); // drops the storage: the next gradient is new
            step.run();
            assertTrue(w.grad().data() != wStorage && w.grad().bitwiseEquals(wRef));
        }
    }
}
