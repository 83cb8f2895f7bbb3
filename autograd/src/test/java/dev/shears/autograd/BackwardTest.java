package dev.shears.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shears.autograd.ops.Tanh;
import dev.shears.tensor.Tensor;
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
}
