package dev.shears.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.quicktheories.QuickTheory.qt;

import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/**
 * Property: the fused node {@code BatchNorm2d.applyRelu} gives bitwise the output, input gradient, γ and β
 * gradients and running statistics of {@code Relu.apply(BatchNorm2d.apply(...))}, in training and in
 * evaluation, on random shapes (planes shorter and longer than a vector, in channel blocks and plane by plane)
 * with NaNs and exact zeros in the upstream gradient.
 */
class BatchNormReluTest {

    @Test void fusedEqualsBatchNormThenReluBitwise() {
        qt().withExamples(80).forAll(Generate.range(1, 50), Generate.booleans(), Generate.range(0, 10_000))
                .checkAssert((pick, training, seed) -> {
            int plane = pick <= 40 ? pick : BatchNorm2d.SMALL_PLANE - 6 + 3 * (pick - 40); // 1..40, then 122..158
            Rng rng = new Rng(seed);
            int n = 1 + rng.nextInt(3), c = 1 + rng.nextInt(plane < 20 ? 40 : 4); // several blocks for small planes
            if (training && n * plane < 2) return; // training needs two values per channel
            int[] shape = {n, c, 1, plane};
            Tensor x = Tensor.normal(rng, 0.3f, 1f, shape), gy = Tensor.normal(rng, 0f, 1f, shape);
            Tensor gamma = Tensor.normal(rng, 1f, 0.5f, c), beta = Tensor.normal(rng, 0f, 0.5f, c);
            gy.data()[rng.nextInt(gy.numel())] = 0f;
            if (rng.nextInt(3) == 0) x.data()[rng.nextInt(x.numel())] = Float.NaN;
            Run fused = run(true, x, gamma, beta, gy, training, c);
            Run plain = run(false, x, gamma, beta, gy, training, c);
            String at = "n=" + n + " c=" + c + " plane=" + plane + " training=" + training + " seed=" + seed;
            assertArrayEquals(plain.y, fused.y, "y " + at);
            assertArrayEquals(plain.gx, fused.gx, "gx " + at);
            assertArrayEquals(plain.gGamma, fused.gGamma, "gamma grad " + at);
            assertArrayEquals(plain.gBeta, fused.gBeta, "beta grad " + at);
            assertArrayEquals(plain.runningMean, fused.runningMean, "running mean " + at);
            assertArrayEquals(plain.runningVar, fused.runningVar, "running var " + at);
        });
    }

    private record Run(float[] y, float[] gx, float[] gGamma, float[] gBeta, float[] runningMean, float[] runningVar) {}

    private static Run run(boolean fused, Tensor x, Tensor gamma, Tensor beta, Tensor gy, boolean training, int c) {
        Variable vx = Variable.param(x.copy()), vg = Variable.param(gamma.copy()), vb = Variable.param(beta.copy());
        Rng stats = new Rng(99); // the same running statistics for both runs
        Tensor rm = Tensor.normal(stats, 0f, 0.1f, c), rv = Tensor.uniform(stats, 0.5f, 1.5f, c);
        Variable y = fused
                ? BatchNorm2d.applyRelu(vx, vg, vb, rm, rv, training, 0.1f, 1e-5f)
                : Relu.apply(BatchNorm2d.apply(vx, vg, vb, rm, rv, training, 0.1f, 1e-5f));
        y.backward(gy.copy());
        return new Run(y.data().data().clone(), vx.grad().data().clone(), vg.grad().data().clone(),
                vb.grad().data().clone(), rm.data().clone(), rv.data().clone());
    }
}
