package dev.shears.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shears.autograd.GradCheck;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * Pooling: values from the definition (naive window loops) and gradients by finite differences. Max-pool
 * inputs are distinct values 0.05 apart, so no step of ±h changes a window's winner.
 */
class PoolingTest {

    /** A shuffled grid of distinct values spaced 0.05 apart. */
    private static Tensor distinct(Rng rng, int... shape) {
        Tensor t = Tensor.zeros(shape);
        int[] perm = rng.permutation(t.numel());
        for (int i = 0; i < perm.length; i++) t.data()[i] = (perm[i] - perm.length / 2f) * 0.05f;
        return t;
    }

    @Test void maxPoolMatchesDefinitionAndFiniteDifferences() {
        Rng rng = new Rng(1);
        int[][] cases = {{2, 2, 0, 1}, {3, 2, 1, 1}, {3, 1, 1, 2}, {2, 1, 0, 1}}; // kernel, stride, pad, dilation
        for (int[] cs : cases) {
            Tensor x = distinct(rng, 2, 2, 6, 5);
            Variable y = MaxPool2d.apply(Variable.constant(x), cs[0], cs[1], cs[2], cs[3]);
            int oh = y.dim(2), ow = y.dim(3);
            for (int n = 0; n < 2; n++) for (int c = 0; c < 2; c++) for (int oy = 0; oy < oh; oy++) for (int ox = 0; ox < ow; ox++) {
                float best = Float.NEGATIVE_INFINITY;
                for (int ki = 0; ki < cs[0]; ki++) for (int kj = 0; kj < cs[0]; kj++) {
                    int iy = oy * cs[1] - cs[2] + ki * cs[3], ix = ox * cs[1] - cs[2] + kj * cs[3];
                    if (iy >= 0 && iy < 6 && ix >= 0 && ix < 5) best = Math.max(best, x.get(n, c, iy, ix));
                }
                assertEquals(best, y.data().get(n, c, oy, ox));
            }
            GradCheck.check("maxpool" + java.util.Arrays.toString(cs), v -> MaxPool2d.apply(v[0], cs[0], cs[1], cs[2], cs[3]), x);
        }
    }

    @Test void avgPoolMatchesDefinitionAndFiniteDifferences() {
        Rng rng = new Rng(2);
        int[][] cases = {{2, 2, 0}, {3, 2, 1}, {3, 1, 1}};
        for (int[] cs : cases) {
            for (boolean include : new boolean[] {true, false}) {
                Tensor x = Tensor.uniform(rng, -1f, 1f, 2, 2, 5, 6);
                Variable y = AvgPool2d.apply(Variable.constant(x), cs[0], cs[1], cs[2], include);
                for (int n = 0; n < 2; n++) for (int c = 0; c < 2; c++) for (int oy = 0; oy < y.dim(2); oy++) for (int ox = 0; ox < y.dim(3); ox++) {
                    double s = 0;
                    int cnt = 0;
                    for (int ki = 0; ki < cs[0]; ki++) for (int kj = 0; kj < cs[0]; kj++) {
                        int iy = oy * cs[1] - cs[2] + ki, ix = ox * cs[1] - cs[2] + kj;
                        if (iy >= 0 && iy < 5 && ix >= 0 && ix < 6) {
                            s += x.get(n, c, iy, ix);
                            cnt++;
                        }
                    }
                    assertEquals(s / (include ? cs[0] * cs[0] : cnt), y.data().get(n, c, oy, ox), 1e-6);
                }
                GradCheck.check("avgpool" + java.util.Arrays.toString(cs) + include, v -> AvgPool2d.apply(v[0], cs[0], cs[1], cs[2], include), x);
            }
        }
    }

    @Test void adaptiveAvgPoolMatchesDefinitionAndFiniteDifferences() {
        Tensor x = Tensor.uniform(new Rng(3), -1f, 1f, 2, 3, 5, 7);
        int[][] outs = {{1, 1}, {2, 3}, {5, 7}, {3, 4}};
        for (int[] o : outs) {
            Variable y = AdaptiveAvgPool2d.apply(Variable.constant(x), o[0], o[1]);
            for (int n = 0; n < 2; n++) for (int c = 0; c < 3; c++) for (int i = 0; i < o[0]; i++) for (int j = 0; j < o[1]; j++) {
                int y0 = (int) Math.floor(i * 5.0 / o[0]), y1 = (int) Math.ceil((i + 1) * 5.0 / o[0]);
                int x0 = (int) Math.floor(j * 7.0 / o[1]), x1 = (int) Math.ceil((j + 1) * 7.0 / o[1]);
                double s = 0;
                for (int a = y0; a < y1; a++) for (int b = x0; b < x1; b++) s += x.get(n, c, a, b);
                assertEquals(s / ((y1 - y0) * (x1 - x0)), y.data().get(n, c, i, j), 1e-6);
            }
            GradCheck.check("adaptive" + java.util.Arrays.toString(o), v -> AdaptiveAvgPool2d.apply(v[0], o[0], o[1]), x);
        }
    }
}
