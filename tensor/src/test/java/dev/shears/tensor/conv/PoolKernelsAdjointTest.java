package dev.shears.tensor.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * Property: each pooling kernel's backward pass is the adjoint of its forward map, i.e.
 * {@code ⟨forward(x), gy⟩ = ⟨x, backward(gy)⟩} for random x, gy and random geometries (for max pooling the
 * forward map is the linear selection fixed by the recorded argmax). Both sides are summed in double; the
 * only difference is float32 rounding inside the kernels.
 */
class PoolKernelsAdjointTest {

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }

    private static void assertAdjoint(String what, double lhs, double rhs) {
        assertTrue(Math.abs(lhs - rhs) <= 1e-4 * (1 + Math.abs(lhs)), what + ": " + lhs + " vs " + rhs);
    }

    @Test void maxAndAvgPoolBackwardAreAdjoints() {
        qt().withExamples(200).forAll(longs().all()).checkAssert(seed -> {
            Rng r = new Rng(seed);
            int c = 1 + r.nextInt(3), h = 1 + r.nextInt(8), w = 1 + r.nextInt(8), k = 1 + r.nextInt(3);
            int stride = 1 + r.nextInt(3), pad = r.nextInt(k / 2 + 1), dil = 1 + r.nextInt(2);
            if (h + 2 * pad < dil * (k - 1) + 1 || w + 2 * pad < dil * (k - 1) + 1) return;
            ConvGeometry g = ConvGeometry.square(c, h, w, k, stride, pad, dil, 1);
            float[] x = new float[c * h * w], gy = new float[c * g.colCols()], y = new float[gy.length];
            r.fillUniform(x, -1f, 1f);
            r.fillUniform(gy, -1f, 1f);
            int[] arg = new int[gy.length];
            MaxPool2dKernel.forward(x, 0, g, y, 0, arg, 0);
            float[] gx = new float[x.length];
            MaxPool2dKernel.backward(gy, 0, arg, 0, g, gx, 0);
            for (int i = 0; i < y.length; i++) {
                if (arg[i] >= 0) {
                    assertEquals(x[c(i, g) + arg[i]], y[i], "max value at its argmax");
                } else {
                    // a dilated window can miss the image entirely: −∞ out, nothing selected (0 in the linear map)
                    assertEquals(Float.NEGATIVE_INFINITY, y[i]);
                    y[i] = 0f;
                }
            }
            assertAdjoint("max seed " + seed, dot(y, gy), dot(x, gx));

            ConvGeometry ga = ConvGeometry.square(c, h, w, k, stride, pad, 1, 1);
            if (h + 2 * pad < k || w + 2 * pad < k) return;
            for (boolean include : new boolean[] {true, false}) {
                float[] ya = new float[c * ga.colCols()], gya = new float[ya.length], gxa = new float[x.length];
                r.fillUniform(gya, -1f, 1f);
                AvgPool2dKernel.forward(x, 0, ga, include, ya, 0);
                AvgPool2dKernel.backward(gya, 0, ga, include, gxa, 0);
                assertAdjoint("avg seed " + seed, dot(ya, gya), dot(x, gxa));
            }
            int oh = 1 + r.nextInt(h), ow = 1 + r.nextInt(w);
            float[] yd = new float[c * oh * ow], gyd = new float[yd.length], gxd = new float[x.length];
            r.fillUniform(gyd, -1f, 1f);
            AdaptiveAvgPool2dKernel.forward(x, 0, c, h, w, oh, ow, yd, 0);
            AdaptiveAvgPool2dKernel.backward(gyd, 0, c, h, w, oh, ow, gxd, 0);
            assertAdjoint("adaptive seed " + seed, dot(yd, gyd), dot(x, gxd));
        });
    }

    /** Offset of the channel plane that output {@code i} belongs to. */
    private static int c(int i, ConvGeometry g) { return i / g.colCols() * g.height() * g.width(); }
}
