package dev.shears.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.autograd.GradCheck;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Property: on random shapes and values (kept at least 3h from each op's kinks), every element-wise op's
 * gradient matches finite differences.
 */
class UnaryOpsGradTest {

    private static void check(String name, Function<Variable, Variable> op, float lo, float hi) {
        check(name, op, lo, hi, 0f);
    }

    /** As above, with the op's kinks (where it is not differentiable) kept at least 3h away. */
    private static void check(String name, Function<Variable, Variable> op, float lo, float hi, float... kinks) {
        qt().withExamples(8).forAll(longs().all(), integers().between(1, 3), integers().between(1, 5))
                .checkAssert((seed, rows, cols) -> {
                    Tensor x = GradCheck.awayFrom(new Rng(seed), lo, hi, kinks, rows, cols);
                    GradCheck.check(name, v -> op.apply(v[0]), x);
                });
    }

    @Test void relu() { check("relu", Relu::apply, -2f, 2f); }

    @Test void relu6() {
        check("relu6", Relu6::apply, -2f, 8f, 0f, 6f);
    }

    @Test void leakyRelu() { check("leakyRelu", x -> LeakyRelu.apply(x, 0.1f), -2f, 2f); }

    @Test void sigmoid() { check("sigmoid", Sigmoid::apply, -4f, 4f); }

    @Test void tanh() { check("tanh", Tanh::apply, -3f, 3f); }

    @Test void abs() { check("abs", Abs::apply, -2f, 2f); }

    @Test void pow() {
        check("pow3", x -> Pow.apply(x, 3f), -2f, 2f);
        check("pow-half", x -> Pow.apply(x, 0.5f), 0.2f, 3f);
    }

    @Test void sqrt() { check("sqrt", Sqrt::apply, 0.2f, 3f); }

    @Test void exp() { check("exp", Exp::apply, -2f, 2f); }

    @Test void log() { check("log", Log::apply, 0.2f, 3f); }

    @Test void clamp() { check("clamp", x -> Clamp.apply(x, -0.5f, 0.7f), -2f, 2f, -0.5f, 0.7f); }

    @Test void scaleShift() { check("scaleShift", x -> ScaleShift.apply(x, -1.5f, 0.25f), -2f, 2f); }

    @Test void softmaxAndLogSoftmaxOverEachAxis() {
        Tensor x = Tensor.uniform(new Rng(3), -2f, 2f, 2, 3, 4);
        for (int axis = 0; axis < 3; axis++) {
            int a = axis;
            GradCheck.check("softmax" + a, v -> Softmax.apply(v[0], a), x);
            GradCheck.check("logSoftmax" + a, v -> LogSoftmax.apply(v[0], a), x);
        }
    }

    @Test void signHasZeroGradient() {
        Variable x = Variable.param(Tensor.uniform(new Rng(1), -1f, 1f, 5));
        Sign.apply(x).sum().backward();
        for (float g : x.grad().toArray()) assertEquals(0f, g);
        // and finite differences agree away from 0
        GradCheck.check("sign", v -> Sign.apply(v[0]), GradCheck.awayFromZero(new Rng(2), -1f, 1f, 5));
    }

    @Test void maskMulPassesGradientOnlyThroughKeptEntries() {
        Tensor mask = Tensor.of(new float[] {1, 0, 1, 0, 0, 1}, 2, 3);
        GradCheck.check("maskMul", v -> MaskMul.apply(v[0], mask), Tensor.uniform(new Rng(4), -1f, 1f, 2, 3));
    }

    @Test void reshapeFlattenSumAndMean() {
        Tensor x = Tensor.uniform(new Rng(5), -1f, 1f, 2, 3, 4);
        GradCheck.check("reshape", v -> Reshape.apply(v[0], 4, -1), x);
        GradCheck.check("flatten", v -> Reshape.flatten(v[0]), x);
        GradCheck.check("sumAll", v -> Sum.all(v[0]), x);
        GradCheck.check("meanAll", v -> Sum.meanAll(v[0]), x);
        GradCheck.check("sum02", v -> Sum.over(v[0], false, 0, 2), x);
        GradCheck.check("mean1keep", v -> Sum.meanOver(v[0], true, 1), x);
        GradCheck.check("mean-1", v -> Sum.meanOver(v[0], false, -1), x);
    }

    @Test void matmulAndLinear() {
        Rng rng = new Rng(6);
        Tensor a = Tensor.uniform(rng, -1f, 1f, 3, 4), b = Tensor.uniform(rng, -1f, 1f, 4, 2);
        GradCheck.check("matmul", v -> MatMul.apply(v[0], v[1]), a, b);
        Tensor x = Tensor.uniform(rng, -1f, 1f, 5, 4), w = Tensor.uniform(rng, -1f, 1f, 3, 4), bias = Tensor.uniform(rng, -1f, 1f, 3);
        GradCheck.check("linear", v -> Linear.apply(v[0], v[1], v[2]), x, w, bias);
        GradCheck.check("linearNoBias", v -> Linear.apply(v[0], v[1], null), x, w);
    }

    @Test void lossesAndDropout() {
        Rng rng = new Rng(7);
        Tensor logits = Tensor.uniform(rng, -2f, 2f, 4, 5);
        int[] t = {0, 3, 4, 1};
        GradCheck.check("ce", v -> CrossEntropy.apply(v[0], t), logits);
        GradCheck.check("ce-smooth", v -> CrossEntropy.apply(v[0], t, 0.1f), logits);
        Tensor a = Tensor.uniform(rng, -1f, 1f, 3, 2), b = Tensor.uniform(rng, -1f, 1f, 3, 2);
        GradCheck.check("mse", v -> MseLoss.apply(v[0], v[1]), a, b);
        // the same seed gives the same mask on every evaluation, so dropout is a fixed linear map here
        GradCheck.check("dropout", v -> Dropout.apply(v[0], 0.4f, new Rng(9)), a);
    }
}
