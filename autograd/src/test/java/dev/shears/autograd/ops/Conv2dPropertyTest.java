package dev.shears.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.conv.ConvGeometry;
import dev.shears.tensor.conv.PaddedConvolution;
import dev.shears.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * Property: for random geometries (batch, channels per group, groups incl. depthwise, rectangular kernels,
 * independent vertical/horizontal stride, padding and dilation), Conv2d's output and its input, weight and
 * bias gradients equal the naive double-precision loops ({@link NaiveConv}) up to float32 rounding
 * (1e-5 of the largest reference magnitude, the sums having at most a few dozen terms of size ≤ 1).
 */
class Conv2dPropertyTest {

    @Test void matchesNaiveConvolutionOnRandomGeometries() {
        qt().withExamples(150).forAll(longs().all()).checkAssert(seed -> {
            Rng r = new Rng(seed);
            int groups = 1 + r.nextInt(3);
            boolean depthwise = r.nextInt(4) == 0;
            int cg = depthwise ? 1 : 1 + r.nextInt(3), og = depthwise ? 1 : 1 + r.nextInt(3);
            if (depthwise) groups = 2 + r.nextInt(4);
            int n = 1 + r.nextInt(3);
            int h = 1 + r.nextInt(7), w = 1 + r.nextInt(7), kh = 1 + r.nextInt(3), kw = 1 + r.nextInt(3);
            int sh = 1 + r.nextInt(3), sw = 1 + r.nextInt(3), ph = r.nextInt(3), pw = r.nextInt(3);
            int dh = 1 + r.nextInt(2), dw = 1 + r.nextInt(2);
            if (h + 2 * ph < dh * (kh - 1) + 1 || w + 2 * pw < dw * (kw - 1) + 1) return; // no output: invalid geometry
            check(seed, r, n, cg, og, groups, h, w, kh, kw, sh, sw, ph, pw, dh, dw);
        });
    }

    /**
     * Stride 1 with "same" width, where the forward packs its GEMM panels straight from x (implicit im2col) and
     * the input gradient is the transposed convolution of gy: any height padding (also beyond the kernel, which
     * takes the col2im path), dilation, groups, several images per GEMM block.
     */
    @Test void matchesNaiveConvolutionOnSameWidthStride1Geometries() {
        qt().withExamples(150).forAll(longs().all()).checkAssert(seed -> {
            Rng r = new Rng(seed);
            int groups = 1 + r.nextInt(3), cg = 1 + r.nextInt(3), og = 1 + r.nextInt(3), n = 1 + r.nextInt(3);
            int kh = 1 + r.nextInt(4), kw = 1 + 2 * r.nextInt(3), dh = 1 + r.nextInt(2), dw = 1 + r.nextInt(2);
            int pw = dw * (kw - 1) / 2, ph = r.nextInt(dh * (kh - 1) + 2);
            int h = 1 + r.nextInt(8), w = 1 + r.nextInt(20);
            if (h + 2 * ph < dh * (kh - 1) + 1) return; // no output: invalid geometry
            check(seed, r, n, cg, og, groups, h, w, kh, kw, 1, 1, ph, pw, dh, dw);
        });
    }

    /**
     * Planes of 256 outputs or more put one image in each GEMM block, so a batch makes several blocks and the
     * weights are packed once for all of them (and the flipped weights of the input gradient likewise):
     * same-width stride 1 (implicit im2col), strided (columns written), pointwise.
     */
    @Test void matchesNaiveConvolutionWithSeveralImageBlocks() {
        Rng r = new Rng(17);
        check(1, r, 3, 2, 3, 1, 17, 17, 3, 3, 1, 1, 1, 1, 1, 1);
        check(2, r, 3, 2, 3, 1, 34, 34, 3, 3, 2, 2, 1, 1, 1, 1);
        check(3, r, 2, 3, 2, 1, 16, 20, 1, 1, 1, 1, 0, 0, 1, 1);
    }

    /**
     * Maps of 14×14 and more with kernels wider than a pixel take the direct convolution (the GEMM reading a
     * padded copy of each image in place), forward and, as the transposed convolution of gy, backward: groups,
     * rectangular kernels with height padding, vertical dilation, one and several images.
     */
    @Test void matchesNaiveConvolutionOnTheDirectPath() {
        int[][] cases = { // n, cg, og, groups, h, w, kh, kw, ph, pw, dh, dw
            {2, 2, 3, 1, 14, 14, 3, 3, 1, 1, 1, 1},
            {1, 3, 2, 2, 16, 20, 3, 3, 1, 1, 1, 1},
            {2, 2, 2, 1, 14, 14, 5, 3, 2, 1, 1, 1},
            {1, 2, 4, 1, 15, 28, 3, 3, 2, 1, 2, 1},
        };
        Rng r = new Rng(23);
        for (int[] c : cases) {
            ConvGeometry g = new ConvGeometry(c[1] * c[3], c[4], c[5], c[6], c[7], 1, 1, c[8], c[9], c[10], c[11], c[3]);
            assertTrue(PaddedConvolution.pays(g), g + " should take the direct path");
            check(c[0], r, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], 1, 1, c[8], c[9], c[10], c[11]);
        }
    }

    private static void check(long seed, Rng r, int n, int cg, int og, int groups, int h, int w, int kh, int kw,
                              int sh, int sw, int ph, int pw, int dh, int dw) {
        int c = cg * groups, o = og * groups;
        NaiveConv ref = new NaiveConv(n, c, h, w, o, kh, kw, sh, sw, ph, pw, dh, dw, groups);
        Tensor x = Tensor.uniform(r, -1f, 1f, n, c, h, w), wt = Tensor.uniform(r, -1f, 1f, o, cg, kh, kw);
        Tensor b = Tensor.uniform(r, -1f, 1f, o);
        Variable vx = Variable.param(x), vw = Variable.param(wt), vb = Variable.param(b);
        Variable y = Conv2d.apply(vx, vw, vb, new int[] {sh, sw}, new int[] {ph, pw}, new int[] {dh, dw}, groups);
        Tensor gy = Tensor.uniform(r, -1f, 1f, y.shape());
        y.backward(gy);
        double[][] g = ref.backward(x.data(), wt.data(), gy.data());
        String what = "seed " + seed;
        close(what + " y", ref.forward(x.data(), wt.data(), b.data()), y.data());
        close(what + " gx", g[0], vx.grad());
        close(what + " gw", g[1], vw.grad());
        close(what + " gb", g[2], vb.grad());
    }

    private static void close(String what, double[] e, Tensor a) {
        assertEquals(e.length, a.numel(), what);
        double scale = 1;
        for (double v : e) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < e.length; i++) {
            assertTrue(Math.abs(a.data()[a.offset() + i] - e[i]) <= 1e-5 * scale, what + " [" + i + "]");
        }
    }
}
