package dev.shears.autograd.ops;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.autograd.GradCheck;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * Property: on random shapes (and random axes, targets, smoothing, dropout rates drawn from the seed), the
 * gradients of the shape-dependent ops — matmul, linear, softmax, log-softmax, sum and mean over axes,
 * reshape, cross-entropy, MSE, dropout, pooling and batch norm — match finite differences
 * ({@link GradCheck}).
 */
class RandomShapeGradTest {

    private static int[] randomShape(Rng r, int rank) {
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) s[i] = 1 + r.nextInt(4);
        return s;
    }

    @Test void matmulAndLinear() {
        qt().withExamples(15).forAll(longs().all()).checkAssert(seed -> {
            Rng r = new Rng(seed);
            int m = 1 + r.nextInt(4), k = 1 + r.nextInt(4), n = 1 + r.nextInt(4);
            GradCheck.check("matmul " + seed, v -> MatMul.apply(v[0], v[1]),
                    Tensor.uniform(r, -1f, 1f, m, k), Tensor.uniform(r, -1f, 1f, k, n));
            GradCheck.check("linear " + seed, v -> Linear.apply(v[0], v[1], v[2]),
                    Tensor.uniform(r, -1f, 1f, m, k), Tensor.uniform(r, -1f, 1f, n, k), Tensor.uniform(r, -1f, 1f, n));
        });
    }

    @Test void softmaxFamilyAndReductions() {
        qt().withExamples(15).forAll(longs().all()).checkAssert(seed -> {
            Rng r = new Rng(seed);
            int rank = 1 + r.nextInt(3);
            Tensor x = Tensor.uniform(r, -2f, 2f, randomShape(r, rank));
            int axis = r.nextInt(rank) - (r.nextInt(2) == 0 ? 0 : rank); // also negative axes
            GradCheck.check("softmax " + seed, v -> Softmax.apply(v[0], axis), x);
            GradCheck.check("logSoftmax " + seed, v -> LogSoftmax.apply(v[0], axis), x);
            boolean keep = r.nextInt(2) == 0;
            int other = r.nextInt(rank);
            GradCheck.check("sum " + seed, v -> Sum.over(v[0], keep, axis, other), x);
            GradCheck.check("mean " + seed, v -> Sum.meanOver(v[0], keep, axis), x);
            GradCheck.check("reshape " + seed, v -> Reshape.apply(v[0], -1), x);
        });
    }

    @Test void losses() {
        qt().withExamples(15).forAll(longs().all()).checkAssert(seed -> {
            Rng r = new Rng(seed);
            int n = 1 + r.nextInt(5), k = 2 + r.nextInt(5);
            int[] t = new int[n];
            for (int i = 0; i < n; i++) t[i] = r.nextInt(k);
            float eps = r.nextInt(2) == 0 ? 0f : r.nextFloat() * 0.3f;
            GradCheck.check("ce " + seed, v -> CrossEntropy.apply(v[0], t, eps), Tensor.uniform(r, -3f, 3f, n, k));
            int[] s = randomShape(r, 1 + r.nextInt(3));
            GradCheck.check("mse " + seed, v -> MseLoss.apply(v[0], v[1]), Tensor.uniform(r, -1f, 1f, s), Tensor.uniform(r, -1f, 1f, s));
            float p = r.nextFloat() * 0.9f;
            long dropSeed = r.nextLong();
            GradCheck.check("dropout " + seed, v -> Dropout.apply(v[0], p, new Rng(dropSeed)), Tensor.uniform(r, -1f, 1f, s));
        });
    }

    @Test void poolingAndBatchNorm() {
        qt().withExamples(10).forAll(longs().all()).checkAssert(seed -> {
            Rng r = new Rng(seed);
            int n = 1 + r.nextInt(2), c = 1 + r.nextInt(3), h = 2 + r.nextInt(5), w = 2 + r.nextInt(5);
            int k = 1 + r.nextInt(Math.min(h, w)), stride = 1 + r.nextInt(2), pad = r.nextInt(k / 2 + 1);
            Tensor x = Tensor.uniform(r, -1f, 1f, n, c, h, w);
            boolean include = r.nextInt(2) == 0;
            GradCheck.check("avgpool " + seed, v -> AvgPool2d.apply(v[0], k, stride, pad, include), x);
            int oh = 1 + r.nextInt(h), ow = 1 + r.nextInt(w);
            GradCheck.check("adaptive " + seed, v -> AdaptiveAvgPool2d.apply(v[0], oh, ow), x);
            // distinct values 0.05 apart: no ±h step changes a max-pool winner
            Tensor xd = Tensor.zeros(n, c, h, w);
            int[] perm = r.permutation(xd.numel());
            for (int i = 0; i < perm.length; i++) xd.data()[i] = (perm[i] - perm.length / 2f) * 0.05f;
            GradCheck.check("maxpool " + seed, v -> MaxPool2d.apply(v[0], k, stride, pad, 1), xd);
            if (n * h * w > 1) {
                Tensor gamma = Tensor.uniform(r, 0.5f, 1.5f, c), beta = Tensor.uniform(r, -0.5f, 0.5f, c);
                GradCheck.check("bn " + seed, v -> BatchNorm2d.apply(v[0], v[1], v[2], null, null, true, 0.1f, 1e-5f), x, gamma, beta);
            }
        });
    }
}
