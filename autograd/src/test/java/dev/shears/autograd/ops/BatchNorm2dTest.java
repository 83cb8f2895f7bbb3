package dev.shears.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shears.autograd.GradCheck;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Batch norm against a naive double implementation of the paper's formulas (forward, backward via the
 * explicit chain rule through mean and variance, running-statistics update) and finite differences, on
 * shapes for both layouts: planes shorter than {@link BatchNorm2d#SMALL_PLANE} (processed in channel
 * blocks, one of them partial) and longer ones (plane by plane).
 */
class BatchNorm2dTest {

    /** A batch shape [n, c, h, w]. */
    record Dims(int n, int c, int h, int w) {
        int p() { return h * w; }
        int m() { return n * h * w; }
        int[] shape() { return new int[] {n, c, h, w}; }
    }

    static final List<Dims> SHAPES = List.of(new Dims(3, 2, 2, 3), new Dims(2, 3, 16, 17), new Dims(5, 70, 2, 2));

    /** Naive training-mode batch norm in double: returns y. */
    static double[] naiveForward(Dims d, float[] x, float[] gamma, float[] beta, double eps, double[] meanOut, double[] varOut) {
        double[] y = new double[x.length];
        for (int c = 0; c < d.c(); c++) {
            double mu = 0, var = 0;
            for (int n = 0; n < d.n(); n++) for (int p = 0; p < d.p(); p++) mu += x[(n * d.c() + c) * d.p() + p];
            mu /= d.m();
            for (int n = 0; n < d.n(); n++) for (int p = 0; p < d.p(); p++) var += Math.pow(x[(n * d.c() + c) * d.p() + p] - mu, 2);
            var /= d.m();
            meanOut[c] = mu;
            varOut[c] = var;
            for (int n = 0; n < d.n(); n++) for (int p = 0; p < d.p(); p++) {
                int i = (n * d.c() + c) * d.p() + p;
                y[i] = gamma[c] * (x[i] - mu) / Math.sqrt(var + eps) + beta[c];
            }
        }
        return y;
    }

    /**
     * Naive backward by the paper's chain rule (Ioffe and Szegedy 2015, §3): ∂x̂, then ∂σ², ∂μ, then ∂x.
     */
    static double[] naiveBackwardX(Dims d, float[] x, float[] gamma, float[] gy, double eps) {
        double[] gx = new double[x.length];
        for (int c = 0; c < d.c(); c++) {
            double mu = 0, var = 0;
            for (int n = 0; n < d.n(); n++) for (int p = 0; p < d.p(); p++) mu += x[(n * d.c() + c) * d.p() + p];
            mu /= d.m();
            for (int n = 0; n < d.n(); n++) for (int p = 0; p < d.p(); p++) var += Math.pow(x[(n * d.c() + c) * d.p() + p] - mu, 2);
            var /= d.m();
            double dvar = 0, dmu = 0;
            for (int n = 0; n < d.n(); n++) for (int p = 0; p < d.p(); p++) {
                int i = (n * d.c() + c) * d.p() + p;
                double dxhat = gy[i] * gamma[c];
                dvar += dxhat * (x[i] - mu) * -0.5 * Math.pow(var + eps, -1.5);
                dmu += -dxhat / Math.sqrt(var + eps);
            }
            double sumXm = 0;
            for (int n = 0; n < d.n(); n++) for (int p = 0; p < d.p(); p++) sumXm += -2 * (x[(n * d.c() + c) * d.p() + p] - mu);
            dmu += dvar * sumXm / d.m();
            for (int n = 0; n < d.n(); n++) for (int p = 0; p < d.p(); p++) {
                int i = (n * d.c() + c) * d.p() + p;
                gx[i] = gy[i] * gamma[c] / Math.sqrt(var + eps) + dvar * 2 * (x[i] - mu) / d.m() + dmu / d.m();
            }
        }
        return gx;
    }

    /** |expected − actual| ≤ tol·max(1, |expected|). */
    private static void near(double expected, double actual, double tol, String what) {
        assertEquals(expected, actual, tol * Math.max(1, Math.abs(expected)), what);
    }

    @Test void trainingModeMatchesNaiveFormulasAndUpdatesRunningStats() {
        for (Dims d : SHAPES) {
            int C = d.c(), M = d.m();
            Rng rng = new Rng(1);
            Tensor x = Tensor.uniform(rng, -2f, 2f, d.shape());
            Tensor gamma = Tensor.uniform(rng, 0.5f, 1.5f, C), beta = Tensor.uniform(rng, -0.5f, 0.5f, C);
            Tensor rm = Tensor.uniform(rng, -0.1f, 0.1f, C), rv = Tensor.uniform(rng, 0.9f, 1.1f, C);
            float[] rm0 = rm.toArray(), rv0 = rv.toArray();
            float eps = 1e-5f, momentum = 0.1f;
            Variable vx = Variable.param(x), vg = Variable.param(gamma), vb = Variable.param(beta);
            Variable y = BatchNorm2d.apply(vx, vg, vb, rm, rv, true, momentum, eps);
            double[] mean = new double[C], var = new double[C];
            double[] ref = naiveForward(d, x.data(), gamma.data(), beta.data(), eps, mean, var);
            for (int i = 0; i < ref.length; i++) near(ref[i], y.data().data()[i], 1e-5, d + " y " + i);
            for (int c = 0; c < C; c++) {
                near(0.9 * rm0[c] + 0.1 * mean[c], rm.data()[c], 1e-6, d + " running mean");
                near(0.9 * rv0[c] + 0.1 * var[c] * M / (M - 1), rv.data()[c], 1e-6, d + " unbiased running variance");
            }
            Tensor gy = Tensor.uniform(rng, -1f, 1f, d.shape());
            y.backward(gy);
            double[] gx = naiveBackwardX(d, x.data(), gamma.data(), gy.data(), eps);
            for (int i = 0; i < gx.length; i++) near(gx[i], vx.grad().data()[i], 1e-5, d + " gx " + i);
            for (int c = 0; c < C; c++) {
                double gg = 0, gb = 0;
                for (int n = 0; n < d.n(); n++) for (int p = 0; p < d.p(); p++) {
                    int i = (n * C + c) * d.p() + p;
                    gg += gy.data()[i] * (x.data()[i] - mean[c]) / Math.sqrt(var[c] + eps);
                    gb += gy.data()[i];
                }
                near(gg, vg.grad().data()[c], 1e-5, d + " gamma grad " + c);
                near(gb, vb.grad().data()[c], 1e-5, d + " beta grad " + c);
            }
        }
    }

    @Test void evalModeIsTheAffineMapOfRunningStats() {
        for (Dims d : SHAPES) {
            int C = d.c();
            Rng rng = new Rng(2);
            Tensor x = Tensor.uniform(rng, -2f, 2f, d.shape());
            Tensor gamma = Tensor.uniform(rng, 0.5f, 1.5f, C), beta = Tensor.uniform(rng, -0.5f, 0.5f, C);
            Tensor rm = Tensor.uniform(rng, -0.5f, 0.5f, C), rv = Tensor.uniform(rng, 0.5f, 1.5f, C);
            Variable vx = Variable.param(x);
            Variable y = BatchNorm2d.apply(vx, Variable.constant(gamma), Variable.constant(beta), rm, rv, false, 0.1f, 1e-5f);
            Tensor gy = Tensor.uniform(rng, -1f, 1f, d.shape());
            y.backward(gy);
            for (int i = 0; i < x.numel(); i++) {
                int c = (i / d.p()) % C;
                double k = gamma.data()[c] / Math.sqrt(rv.data()[c] + 1e-5);
                near(k * (x.data()[i] - rm.data()[c]) + beta.data()[c], y.data().data()[i], 1e-5, d + " y " + i);
                near(k * gy.data()[i], vx.grad().data()[i], 1e-5, d + " gx " + i);
            }
        }
    }

    @Test void finiteDifferencesInBothModes() {
        for (Dims d : List.of(SHAPES.get(0), new Dims(2, 20, 1, 15))) { // one block, and two blocks of 18 and 2 channels
            int C = d.c();
            Rng rng = new Rng(3);
            Tensor x = Tensor.uniform(rng, -2f, 2f, d.shape());
            Tensor gamma = Tensor.uniform(rng, 0.5f, 1.5f, C), beta = Tensor.uniform(rng, -0.5f, 0.5f, C);
            GradCheck.check("bn-train " + d, v -> BatchNorm2d.apply(v[0], v[1], v[2], null, null, true, 0.1f, 1e-5f), x, gamma, beta);
            Tensor rm = Tensor.uniform(rng, -0.5f, 0.5f, C), rv = Tensor.uniform(rng, 0.5f, 1.5f, C);
            GradCheck.check("bn-eval " + d, v -> BatchNorm2d.apply(v[0], v[1], v[2], rm, rv, false, 0.1f, 1e-5f), x, gamma, beta);
        }
    }

    /** Inputs with mean 100× their spread: the centred formulas must not cancel the result away. */
    @Test void largeMeanStaysAccurate() {
        for (Dims d : SHAPES) {
            int C = d.c();
            Rng rng = new Rng(4);
            Tensor x = Tensor.uniform(rng, -1f, 1f, d.shape()).add(100f);
            Tensor gamma = Tensor.uniform(rng, 0.5f, 1.5f, C), beta = Tensor.uniform(rng, -0.5f, 0.5f, C);
            Variable vx = Variable.param(x);
            Variable y = BatchNorm2d.apply(vx, Variable.constant(gamma), Variable.constant(beta), null, null, true, 0.1f, 1e-5f);
            double[] ref = naiveForward(d, x.data(), gamma.data(), beta.data(), 1e-5, new double[C], new double[C]);
            for (int i = 0; i < ref.length; i++) assertEquals(ref[i], y.data().data()[i], 1e-3, d + " y " + i);
            Tensor gy = Tensor.uniform(rng, -1f, 1f, d.shape());
            y.backward(gy);
            double[] gx = naiveBackwardX(d, x.data(), gamma.data(), gy.data(), 1e-5);
            for (int i = 0; i < gx.length; i++) assertEquals(gx[i], vx.grad().data()[i], 1e-3, d + " gx " + i);
        }
    }
}
