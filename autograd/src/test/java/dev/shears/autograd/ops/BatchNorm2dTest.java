package dev.shears.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shears.autograd.GradCheck;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * Batch norm against a naive double implementation of the paper's formulas (forward, backward via the
 * explicit chain rule through mean and variance, running-statistics update) and finite differences.
 */
class BatchNorm2dTest {

    static final int N = 3, C = 2, H = 2, W = 3, M = N * H * W;

    /** Naive training-mode batch norm in double: returns y. */
    static double[] naiveForward(float[] x, float[] gamma, float[] beta, double eps, double[] meanOut, double[] varOut) {
        double[] y = new double[x.length];
        for (int c = 0; c < C; c++) {
            double mu = 0, var = 0;
            for (int n = 0; n < N; n++) for (int p = 0; p < H * W; p++) mu += x[(n * C + c) * H * W + p];
            mu /= M;
            for (int n = 0; n < N; n++) for (int p = 0; p < H * W; p++) var += Math.pow(x[(n * C + c) * H * W + p] - mu, 2);
            var /= M;
            meanOut[c] = mu;
            varOut[c] = var;
            for (int n = 0; n < N; n++) for (int p = 0; p < H * W; p++) {
                int i = (n * C + c) * H * W + p;
                y[i] = gamma[c] * (x[i] - mu) / Math.sqrt(var + eps) + beta[c];
            }
        }
        return y;
    }

    /**
     * Naive backward by the paper's chain rule (Ioffe and Szegedy 2015, §3): ∂x̂, then ∂σ², ∂μ, then ∂x.
     */
    static double[] naiveBackwardX(float[] x, float[] gamma, float[] gy, double eps) {
        double[] gx = new double[x.length];
        for (int c = 0; c < C; c++) {
            double mu = 0, var = 0;
            for (int n = 0; n < N; n++) for (int p = 0; p < H * W; p++) mu += x[(n * C + c) * H * W + p];
            mu /= M;
            for (int n = 0; n < N; n++) for (int p = 0; p < H * W; p++) var += Math.pow(x[(n * C + c) * H * W + p] - mu, 2);
            var /= M;
            double dvar = 0, dmu = 0;
            for (int n = 0; n < N; n++) for (int p = 0; p < H * W; p++) {
                int i = (n * C + c) * H * W + p;
                double dxhat = gy[i] * gamma[c];
                dvar += dxhat * (x[i] - mu) * -0.5 * Math.pow(var + eps, -1.5);
                dmu += -dxhat / Math.sqrt(var + eps);
            }
            double sumXm = 0;
            for (int n = 0; n < N; n++) for (int p = 0; p < H * W; p++) sumXm += -2 * (x[(n * C + c) * H * W + p] - mu);
            dmu += dvar * sumXm / M;
            for (int n = 0; n < N; n++) for (int p = 0; p < H * W; p++) {
                int i = (n * C + c) * H * W + p;
                gx[i] = gy[i] * gamma[c] / Math.sqrt(var + eps) + dvar * 2 * (x[i] - mu) / M + dmu / M;
            }
        }
        return gx;
    }

    @Test void trainingModeMatchesNaiveFormulasAndUpdatesRunningStats() {
        Rng rng = new Rng(1);
        Tensor x = Tensor.uniform(rng, -2f, 2f, N, C, H, W);
        Tensor gamma = Tensor.uniform(rng, 0.5f, 1.5f, C), beta = Tensor.uniform(rng, -0.5f, 0.5f, C);
        Tensor rm = Tensor.uniform(rng, -0.1f, 0.1f, C), rv = Tensor.uniform(rng, 0.9f, 1.1f, C);
        float[] rm0 = rm.toArray(), rv0 = rv.toArray();
        float eps = 1e-5f, momentum = 0.1f;
        Variable vx = Variable.param(x), vg = Variable.param(gamma), vb = Variable.param(beta);
        Variable y = BatchNorm2d.apply(vx, vg, vb, rm, rv, true, momentum, eps);
        double[] mean = new double[C], var = new double[C];
        double[] ref = naiveForward(x.data(), gamma.data(), beta.data(), eps, mean, var);
        for (int i = 0; i < ref.length; i++) assertEquals(ref[i], y.data().data()[i], 1e-5);
        for (int c = 0; c < C; c++) {
            assertEquals(0.9 * rm0[c] + 0.1 * mean[c], rm.data()[c], 1e-6);
            assertEquals(0.9 * rv0[c] + 0.1 * var[c] * M / (M - 1), rv.data()[c], 1e-6, "unbiased running variance");
        }
        Tensor gy = Tensor.uniform(rng, -1f, 1f, N, C, H, W);
        y.backward(gy);
        double[] gx = naiveBackwardX(x.data(), gamma.data(), gy.data(), eps);
        for (int i = 0; i < gx.length; i++) assertEquals(gx[i], vx.grad().data()[i], 1e-5);
        for (int c = 0; c < C; c++) {
            double gg = 0, gb = 0;
            for (int n = 0; n < N; n++) for (int p = 0; p < H * W; p++) {
                int i = (n * C + c) * H * W + p;
                gg += gy.data()[i] * (x.data()[i] - mean[c]) / Math.sqrt(var[c] + eps);
                gb += gy.data()[i];
            }
            assertEquals(gg, vg.grad().data()[c], 1e-5);
            assertEquals(gb, vb.grad().data()[c], 1e-5);
        }
    }

    @Test void evalModeIsTheAffineMapOfRunningStats() {
        Rng rng = new Rng(2);
        Tensor x = Tensor.uniform(rng, -2f, 2f, N, C, H, W);
        Tensor gamma = Tensor.uniform(rng, 0.5f, 1.5f, C), beta = Tensor.uniform(rng, -0.5f, 0.5f, C);
        Tensor rm = Tensor.uniform(rng, -0.5f, 0.5f, C), rv = Tensor.uniform(rng, 0.5f, 1.5f, C);
        Variable y = BatchNorm2d.apply(Variable.constant(x), Variable.constant(gamma), Variable.constant(beta), rm, rv, false, 0.1f, 1e-5f);
        for (int i = 0; i < x.numel(); i++) {
            int c = (i / (H * W)) % C;
            double ref = gamma.data()[c] * (x.data()[i] - rm.data()[c]) / Math.sqrt(rv.data()[c] + 1e-5) + beta.data()[c];
            assertEquals(ref, y.data().data()[i], 1e-5);
        }
    }

    @Test void finiteDifferencesInBothModes() {
        Rng rng = new Rng(3);
        Tensor x = Tensor.uniform(rng, -2f, 2f, N, C, H, W);
        Tensor gamma = Tensor.uniform(rng, 0.5f, 1.5f, C), beta = Tensor.uniform(rng, -0.5f, 0.5f, C);
        GradCheck.check("bn-train", v -> BatchNorm2d.apply(v[0], v[1], v[2], null, null, true, 0.1f, 1e-5f), x, gamma, beta);
        Tensor rm = Tensor.uniform(rng, -0.5f, 0.5f, C), rv = Tensor.uniform(rng, 0.5f, 1.5f, C);
        GradCheck.check("bn-eval", v -> BatchNorm2d.apply(v[0], v[1], v[2], rm, rv, false, 0.1f, 1e-5f), x, gamma, beta);
    }

    /** Inputs with mean 100× their spread: the centred formulas must not cancel the result away. */
    @Test void largeMeanStaysAccurate() {
        Rng rng = new Rng(4);
        Tensor x = Tensor.uniform(rng, -1f, 1f, N, C, H, W).add(100f);
        Tensor gamma = Tensor.uniform(rng, 0.5f, 1.5f, C), beta = Tensor.uniform(rng, -0.5f, 0.5f, C);
        Variable vx = Variable.param(x);
        Variable y = BatchNorm2d.apply(vx, Variable.constant(gamma), Variable.constant(beta), null, null, true, 0.1f, 1e-5f);
        double[] ref = naiveForward(x.data(), gamma.data(), beta.data(), 1e-5, new double[C], new double[C]);
        for (int i = 0; i < ref.length; i++) assertEquals(ref[i], y.data().data()[i], 1e-3);
        Tensor gy = Tensor.uniform(rng, -1f, 1f, N, C, H, W);
        y.backward(gy);
        double[] gx = naiveBackwardX(x.data(), gamma.data(), gy.data(), 1e-5);
        for (int i = 0; i < gx.length; i++) assertEquals(gx[i], vx.grad().data()[i], 1e-3);
    }
}
