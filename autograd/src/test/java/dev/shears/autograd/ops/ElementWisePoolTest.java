package dev.shears.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shears.autograd.Variable;
import dev.shears.tensor.BufferPool;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The element-wise ops make their outputs and input gradients with {@code Tensor.empty}: under a pool that
 * poisons recycled arrays with NaN, the value and the input gradient of each op are bit for bit those
 * computed with fresh zeroed arrays (the second scope runs on the first one's recycled, poisoned arrays).
 */
class ElementWisePoolTest {

    /** Value and input gradient of op on x, as one array. */
    private static float[] run(UnaryOperator<Variable> op, Tensor x) {
        Variable v = Variable.param(x.copy());
        Variable y = op.apply(v);
        Tensor seed = Tensor.ones(y.shape());
        y.backward(seed);
        float[] a = y.data().toArray(), g = v.grad().toArray(), out = new float[a.length + g.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(g, 0, out, a.length, g.length);
        return out;
    }

    private static void check(String name, UnaryOperator<Variable> op) {
        Tensor x = Tensor.uniform(new Rng(name.hashCode()), -3f, 8f, 4, 37);
        float[] plain = run(op, x);
        BufferPool pool = new BufferPool(true);
        float[] pooled = null;
        for (int round = 0; round < 2; round++) {
            try (BufferPool.Scope s = pool.open()) {
                pooled = run(op, x);
            }
        }
        assertTrue(pool.reusedFloats() > 0, name + ": nothing recycled");
        for (int i = 0; i < plain.length; i++) {
            assertEquals(Float.floatToRawIntBits(plain[i]), Float.floatToRawIntBits(pooled[i]), name + " element " + i);
        }
    }

    @Test void everyElementWiseOpWritesItsWholeOutput() {
        check("relu", Relu::apply);
        check("relu6", Relu6::apply);
        check("leakyRelu", v -> LeakyRelu.apply(v, 0.1f));
        check("clamp", v -> Clamp.apply(v, -1f, 2f));
        check("abs", Abs::apply);
        check("sign", Sign::apply);
        check("tanh", Tanh::apply);
        check("sigmoid", Sigmoid::apply);
        check("exp", Exp::apply);
    }
}
