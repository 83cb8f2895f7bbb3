package dev.shears.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * Property: the stacked depthwise path ({@link DepthwiseStacked}: taps four at a time, the input gradient
 * gathered from a zero-fronted output-gradient stack, strides 1 and 2 by sampling the stride-1 result)
 * equals the naive double-precision loops ({@link NaiveConv}) up to float32 rounding, for kernels of 1 to
 * 25 taps (every remainder of four), rectangular padding, dilation and strides, and batches spanning
 * several stacks.
 */
class DepthwiseStackedTest {

    @Test void matchesNaiveDepthwiseConvolution() {
        qt().withExamples(120).withFixedSeed(7).forAll(longs().all()).checkAssert(seed -> {
            Rng r = new Rng(seed);
            int c = 1 + r.nextInt(3), h = 1 + r.nextInt(9), w = 1 + r.nextInt(9), kh = 1 + r.nextInt(5), kw = 1 + r.nextInt(5);
            int ph = r.nextInt(3), pw = r.nextInt(3), dh = 1 + r.nextInt(2), dw = 1 + r.nextInt(2);
            int n = 1 + r.nextInt(r.nextInt(3) == 0 ? 60 : 3); // large planes × many images: several stacks
            int sh = 1 + r.nextInt(2), sw = 1 + r.nextInt(2);
            if (h + 2 * ph < dh * (kh - 1) + 1 || w + 2 * pw < dw * (kw - 1) + 1) return; // no output
            NaiveConv ref = new NaiveConv(n, c, h, w, c, kh, kw, sh, sw, ph, pw, dh, dw, c);
            Tensor x = Tensor.uniform(r, -1f, 1f, n, c, h, w), wt = Tensor.uniform(r, -1f, 1f, c, 1, kh, kw);
            Tensor b = Tensor.uniform(r, -1f, 1f, c);
            Variable vx = Variable.param(x), vw = Variable.param(wt), vb = Variable.param(b);
            Variable y = Conv2d.apply(vx, vw, vb, new int[] {sh, sw}, new int[] {ph, pw}, new int[] {dh, dw}, c);
            Tensor gy = Tensor.uniform(r, -1f, 1f, y.shape());
            y.backward(gy);
            double[][] g = ref.backward(x.data(), wt.data(), gy.data());
            String what = "seed " + seed;
            close(what + " y", ref.forward(x.data(), wt.data(), b.data()), y.data(), kh * kw);
            close(what + " gx", g[0], vx.grad(), kh * kw);
            close(what + " gw", g[1], vw.grad(), n * h * w);
        });
    }

    /**
     * Within (terms + 2)·2⁻²³ of the largest reference magnitude, for float sums of {@code terms} products of
     * size ≤ 1: well above the √terms rounding walk seen in practice, far below any indexing error (≥ 1e-3).
     */
    private static void close(String what, double[] e, Tensor a, int terms) {
        assertEquals(e.length, a.numel(), what);
        double scale = 1;
        for (double v : e) scale = Math.max(scale, Math.abs(v));
        double tol = (terms + 2) * 0x1p-23 * scale;
        for (int i = 0; i < e.length; i++) {
            assertTrue(Math.abs(a.data()[a.offset() + i] - e[i]) <= tol, what + " [" + i + "] " + a.data()[a.offset() + i] + " vs " + e[i]);
        }
    }
}
