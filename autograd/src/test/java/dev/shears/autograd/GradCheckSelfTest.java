package dev.shears.autograd;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/** The checker itself: it must reject a gradient that is off by 2%, and accept the right one. */
class GradCheckSelfTest {

    /** y = x³ with a backward scaled by {@code factor} (1 is correct). */
    static final class Cube extends Node {
        private final float factor;

        private Cube(Variable x, float factor) {
            super(x);
            this.factor = factor;
        }

        static Variable apply(Variable x, float factor) {
            Tensor y = x.data().mul(x.data()).mul(x.data());
            return record(y, () -> new Cube(x, factor), x);
        }

        @Override protected Tensor[] backward(Tensor gy) {
            Tensor x = input(0).data();
            return new Tensor[] {gy.mul(x).mul(x).mul(3f * factor)};
        }
    }

    @Test void acceptsCorrectAndRejectsSlightlyWrongGradient() {
        Tensor x = Tensor.uniform(new Rng(1), -2f, 2f, 3, 4);
        GradCheck.check("cube", v -> Cube.apply(v[0], 1f), x);
        assertThrows(AssertionError.class, () -> GradCheck.check("cube-wrong", v -> Cube.apply(v[0], 1.02f), x));
    }
}
