package dev.shears.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shears.autograd.GradCheck;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Parallel;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.conv.ConvGeometry;
import dev.shears.tensor.conv.Im2col;
import dev.shears.tensor.conv.ValidTapConvolution;
import dev.shears.tensor.gemm.Gemm;
import dev.shears.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * Conv2d against the naive definition ({@link NaiveConv}, double) for every combination of stride, padding,
 * dilation and groups (dense, grouped, depthwise, pointwise), forward and backward; finite-difference checks
 * on a few shapes; and bitwise independence of the thread count.
 */
class Conv2dTest {

    /** |a − b| ≤ 1e-5·(1 + Σ|terms|-scale): float32 GEMM vs double loops over at most ~100 terms. */
    private static void assertClose(String what, double[] expected, Tensor actual) {
        assertEquals(expected.length, actual.numel(), what);
        double scale = 0;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < expected.length; i++) {
            double a = actual.data()[actual.offset() + i];
            assertTrue(Math.abs(a - expected[i]) <= 1e-5 * (1 + scale), what + " [" + i + "]: " + a + " vs " + expected[i]);
        }
    }

    private static void compare(int n, int c, int h, int w, int o, int k, int stride, int pad, int dil, int groups, boolean bias) {
        String what = "n" + n + " c" + c + " " + h + "x" + w + " o" + o + " k" + k + " s" + stride + " p" + pad + " d" + dil + " g" + groups;
        NaiveConv ref = new NaiveConv(n, c, h, w, o, k, k, stride, pad, dil, groups);
        Rng rng = new Rng(what.hashCode());
        Tensor x = Tensor.uniform(rng, -1f, 1f, n, c, h, w);
        Tensor wt = Tensor.uniform(rng, -1f, 1f, o, c / groups, k, k);
        Tensor b = bias ? Tensor.uniform(rng, -1f, 1f, o) : null;
        Variable vx = Variable.param(x), vw = Variable.param(wt), vb = bias ? Variable.param(b) : null;
        Variable y = Conv2d.apply(vx, vw, vb, stride, pad, dil, groups);
        assertArrayEquals(new int[] {n, o, ref.oh, ref.ow}, y.shape(), what);
        assertClose(what + " forward", ref.forward(x.data(), wt.data(), bias ? b.data() : null), y.data());
        Tensor gy = Tensor.uniform(rng, -1f, 1f, y.shape());
        y.backward(gy);
        double[][] g = ref.backward(x.data(), wt.data(), gy.data());
        assertClose(what + " dx", g[0], vx.grad());
        assertClose(what + " dw", g[1], vw.grad());
        if (bias) assertClose(what + " db", g[2], vb.grad());
    }

    @Test void matchesNaiveLoopsForAllGeometries() {
        int[][] channelCases = {{4, 6, 1}, {4, 6, 2}, {6, 6, 3}, {4, 4, 4}, {3, 6, 3}}; // c, o, groups (4/4/4 depthwise)
        for (int[] cc : channelCases)
            for (int k : new int[] {1, 3})
                for (int stride = 1; stride <= 2; stride++)
                    for (int pad = 0; pad <= 2; pad++)
                        for (int dil = 1; dil <= 2; dil++)
                            if (7 + 2 * pad - dil * (k - 1) - 1 >= 0)
                                compare(2, cc[0], 7, 6, cc[1], k, stride, pad, dil, cc[2], (stride + pad) % 2 == 0);
    }

    @Test void largeFeatureMapsTakeTheOneImagePerGemmPath() { // P ≥ 256 columns: blocks of one image
        compare(3, 2, 16, 16, 3, 3, 1, 1, 1, 1, true);
        compare(3, 4, 16, 17, 6, 1, 1, 0, 1, 2, true); // pointwise, grouped
        compare(2, 3, 18, 18, 2, 3, 1, 0, 1, 1, false);
    }

    @Test void largerBatchUsesSeveralWeightGradientChunks() {
        compare(19, 3, 5, 5, 4, 3, 1, 1, 1, 1, true);
        compare(19, 4, 5, 5, 4, 3, 2, 1, 1, 4, true); // depthwise
        compare(19, 4, 5, 5, 8, 1, 1, 0, 1, 1, true); // pointwise
        compare(90, 2, 4, 4, 3, 3, 1, 1, 1, 1, true); // 16 images per block, 6 blocks, the last one short
        compare(7, 2, 70, 70, 2, 3, 1, 1, 1, 2, true); // depthwise stride 1: stacks of 3, 3 and 1 images
        compare(5, 3, 64, 66, 3, 3, 1, 2, 2, 3, false); // depthwise dilated: stacks of 3 and 2
    }

    /**
     * Maps of 4×4 at 16 images per block, one block per chunk: the weight gradient is one GEMM over the whole
     * batch, whose bits must be those of the per-chunk partial sums it replaces, a fused multiply-add chain
     * per block of images (in pixel order) and the chains added in block order starting from zero. Checked on
     * two groups: with one group, a 3×3 kernel on 4×4 maps skips its padding instead ({@link ValidTapConvolution}).
     */
    @Test void wholeBatchWeightGradientKeepsTheBitsOfThePartialSums() {
        compare(64, 4, 4, 4, 6, 3, 1, 1, 1, 2, true);
        compare(40, 4, 4, 4, 6, 3, 1, 1, 1, 2, false); // grouped, the last block short
        compare(48, 4, 4, 4, 8, 1, 1, 0, 1, 1, true); // pointwise
        int n = 48, c = 4, h = 4, o = 6, groups = 2, cg = c / groups, og = o / groups, p = h * h, block = 16;
        Rng rng = new Rng(21);
        Tensor x = Tensor.uniform(rng, -1f, 1f, n, c, h, h), wt = Tensor.uniform(rng, -1f, 1f, o, cg, 3, 3);
        Variable vw = Variable.param(wt);
        Variable y = Conv2d.apply(Variable.constant(x), vw, null, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, groups);
        Tensor gy = Tensor.uniform(rng, -1f, 1f, y.shape());
        y.backward(gy);
        float[] xd = x.data(), gyd = gy.data(), gw = vw.grad().data();
        for (int oo = 0; oo < o; oo++) {
            for (int ci = 0; ci < cg; ci++) {
                int channel = oo / og * cg + ci;
                for (int t = 0; t < 9; t++) {
                    int ki = t / 3, kj = t % 3;
                    float sum = 0f;
                    for (int i0 = 0; i0 < n; i0 += block) {
                        float chain = 0f;
                        for (int i = i0; i < i0 + block; i++) {
                            for (int q = 0; q < p; q++) {
                                int yy = q / h + ki - 1, xx = q % h + kj - 1;
                                float col = yy < 0 || yy >= h || xx < 0 || xx >= h ? 0f : xd[((i * c + channel) * h + yy) * h + xx];
                                chain = Math.fma(gyd[(i * o + oo) * p + q], col, chain);
                            }
                        }
                        sum += chain;
                    }
                    int at = (oo * cg + ci) * 9 + t;
                    assertEquals(Float.floatToRawIntBits(sum), Float.floatToRawIntBits(gw[at]), "dw[" + at + "]: " + sum + " vs " + gw[at]);
                }
            }
        }
    }

    /**
     * The weight gradient's B panels are packed from a padded copy of the block's images by offsets instead of
     * from the column matrix. The values packed are the same, so the gradient must equal, bitwise, the GEMM on
     * the column matrix written out: one image per block (maps of 256 outputs or more) with groups, strides,
     * dilation and unequal padding, and a single block of several images (one group); with 32 or 64 channels
     * per group, read in place from channels-last copies, the columns tap-major.
     */
    @Test void weightGradientFromThePaddedImagesEqualsTheColumnMatrixGemm() {
        int[][] cases = { // n, c, h, w, o, kh, kw, stride, padH, padW, dil, groups
            {1, 4, 36, 36, 6, 3, 3, 2, 1, 2, 1, 2},
            {1, 3, 20, 24, 4, 3, 2, 1, 2, 0, 2, 1},
            {1, 2, 16, 16, 5, 5, 5, 1, 2, 2, 1, 1},
            {4, 3, 8, 8, 5, 3, 3, 1, 1, 1, 1, 1},
            {3, 2, 17, 17, 4, 3, 3, 2, 1, 1, 1, 1},
            // channels in whole panels (32 or 64 per group): colsᵀ read in place from channels-last copies
            {1, 32, 16, 16, 5, 3, 3, 1, 1, 1, 1, 1},
            {1, 64, 16, 18, 4, 3, 2, 1, 2, 0, 2, 2},
            {1, 64, 33, 33, 4, 3, 3, 2, 1, 1, 1, 1},
            {4, 64, 8, 8, 12, 3, 3, 1, 1, 1, 1, 1},
            {3, 32, 9, 9, 7, 5, 5, 1, 2, 2, 1, 1},
        };
        for (int[] cs : cases) {
            int n = cs[0];
            ConvGeometry g = new ConvGeometry(cs[1], cs[2], cs[3], cs[5], cs[6], cs[7], cs[7], cs[8], cs[9], cs[10], cs[10], cs[11]);
            int o = cs[4], og = o / g.groups(), rows = g.colRows(), p = g.colCols(), ld = n * p, img = g.channels() * g.height() * g.width();
            assertTrue(n == 1 ? p >= 256 : ld <= 256, "a single block");
            Rng rng = new Rng(cs[2] * 31 + cs[5] + n);
            Tensor x = Tensor.uniform(rng, -1f, 1f, n, g.channels(), g.height(), g.width());
            Variable w = Variable.param(Tensor.uniform(rng, -1f, 1f, o, g.groupChannels(), g.kernelH(), g.kernelW()));
            Variable y = Conv2d.apply(Variable.constant(x), w, null, new int[] {cs[7], cs[7]}, new int[] {cs[8], cs[9]},
                    new int[] {cs[10], cs[10]}, g.groups());
            Tensor gy = Tensor.uniform(rng, -1f, 1f, y.shape());
            y.backward(gy);
            float[] want = new float[o * rows], cols = new float[rows * ld], gyBlock = new float[og * ld];
            for (int grp = 0; grp < g.groups(); grp++) {
                for (int j = 0; j < n; j++) {
                    Im2col.im2col(x.data(), j * img, g, grp, cols, j * p, ld);
                    for (int r = 0; r < og; r++) System.arraycopy(gy.data(), (j * o + grp * og + r) * p, gyBlock, r * ld + j * p, p);
                }
                Gemm.sgemm(false, true, og, rows, ld, 1f, gyBlock, 0, ld, cols, 0, ld, 0f, want, grp * og * rows, rows);
            }
            Tensor got = w.grad();
            for (int i = 0; i < want.length; i++) {
                assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got.data()[i]),
                        java.util.Arrays.toString(cs) + " dw[" + i + "]: " + want[i] + " vs " + got.data()[i]);
            }
        }
    }

    @Test void finiteDifferences() {
        Rng rng = new Rng(11);
        int[][] cases = {{1, 1, 1, 1}, {2, 1, 1, 2}, {1, 2, 2, 1}, {1, 1, 1, 3}}; // stride, pad, dil, groups
        for (int[] cs : cases) {
            Tensor x = Tensor.uniform(rng, -1f, 1f, 2, 3 * (cs[3] == 3 ? 1 : 2), 5, 5);
            int c = x.dim(1), o = cs[3] == 3 ? 3 : 4;
            Tensor w = Tensor.uniform(rng, -1f, 1f, o, c / cs[3], 3, 3), b = Tensor.uniform(rng, -1f, 1f, o);
            GradCheck.check("conv" + java.util.Arrays.toString(cs), v -> Conv2d.apply(v[0], v[1], v[2], cs[0], cs[1], cs[2], cs[3]), x, w, b);
        }
    }

    /**
     * Maps of 4×4 and less with one group skip their padding's products in all three phases
     * ({@link ValidTapConvolution}): forward, input gradient (the transposed geometry) and weight gradient
     * against the naive loops, with 5×5 kernels, dilation, 1×1 maps and enough channels for two chains per tap;
     * and the same bits for 1 and 2 threads.
     */
    @Test void smallMapsSkipTheirPaddingInAllThreePhases() {
        int[][] cases = { // n, c, h, w, o, k, pad, dil
            {5, 3, 4, 4, 7, 3, 1, 1}, {9, 4, 2, 2, 6, 3, 1, 1}, {3, 5, 1, 1, 4, 3, 1, 1}, {4, 2, 3, 3, 3, 5, 2, 1},
            {3, 2, 4, 4, 5, 3, 2, 2}, {2, 300, 2, 2, 3, 3, 1, 1},
        };
        for (int[] cs : cases) {
            ConvGeometry g = ConvGeometry.square(cs[1], cs[2], cs[3], cs[5], 1, cs[6], cs[7], 1);
            assertTrue(ValidTapConvolution.pays(g), "takes the valid-tap path: " + g);
            compare(cs[0], cs[1], cs[2], cs[3], cs[4], cs[5], 1, cs[6], cs[7], 1, cs[0] % 2 == 1);
        }
        assertSameBitsOnOneAndTwoThreads(6, 64, 40, 4, 48);
    }

    /**
     * Partials kept in another order and put back when they are summed: a layer with few rows per kernel (one
     * input channel: 9) computes its weight gradient transposed, and one with 32 channels (whole panels) with
     * its columns tap-major. The chains are the same products in the same order (fma is symmetric in its
     * factors), so the gradient must equal, bitwise, the per-chunk GEMMs ∂W [o, rows] = gy · colsᵀ summed in
     * chunk order: one image (one chunk, the partial itself) and 19 images (8 chunks).
     */
    @Test void weightGradientKeepsTheBitsWhenItsPartialsAreReordered() {
        for (int c : new int[] {1, 32}) {
            for (int n : new int[] {1, 19}) {
                int o = 32, h = 16, p = h * h, rows = c * 9;
                ConvGeometry g = ConvGeometry.square(c, h, h, 3, 1, 1, 1, 1);
                Rng rng = new Rng(40 + n + c);
                Tensor x = Tensor.uniform(rng, -1f, 1f, n, c, h, h);
                Variable w = Variable.param(Tensor.uniform(rng, -1f, 1f, o, c, 3, 3));
                Variable y = Conv2d.apply(Variable.constant(x), w, null, 1, 1, 1, 1);
                Tensor gy = Tensor.uniform(rng, -1f, 1f, y.shape());
                y.backward(gy);
                int chunks = Math.min(n, DenseConv2d.WEIGHT_GRAD_CHUNKS);
                float[] want = new float[o * rows], partial = new float[o * rows], cols = new float[rows * p];
                for (int chunk = 0; chunk < chunks; chunk++) {
                    int from = chunk * n / chunks, to = (chunk + 1) * n / chunks;
                    for (int i = from; i < to; i++) {
                        Im2col.im2col(x.data(), i * c * p, g, 0, cols, 0, p);
                        Gemm.sgemm(false, true, o, rows, p, 1f, gy.data(), i * o * p, p, cols, 0, p, i == from ? 0f : 1f, partial, 0, rows);
                    }
                    for (int e = 0; e < want.length; e++) want[e] = chunks == 1 ? partial[e] : want[e] + partial[e];
                }
                float[] got = w.grad().data();
                for (int e = 0; e < want.length; e++) {
                    assertEquals(Float.floatToRawIntBits(want[e]), Float.floatToRawIntBits(got[e]),
                            "c" + c + " n" + n + " dw[" + e + "]: " + want[e] + " vs " + got[e]);
                }
            }
        }
    }

    @Test void resultsDoNotDependOnThreadCount() {
        assertSameBitsOnOneAndTwoThreads(5, 21, 3, 8, 5);
    }

    /** A 3×3, padding 1 convolution of n images [c, h, h] into o channels: output and both gradients, 1 against 2 threads. */
    private static void assertSameBitsOnOneAndTwoThreads(long seed, int n, int c, int h, int o) {
        int before = Parallel.threads();
        try {
            Tensor[][] runs = new Tensor[2][];
            for (int t = 1; t <= 2; t++) {
                Parallel.setThreads(t);
                Rng rng = new Rng(seed);
                Variable x = Variable.param(Tensor.uniform(rng, -1f, 1f, n, c, h, h));
                Variable w = Variable.param(Tensor.uniform(rng, -1f, 1f, o, c, 3, 3));
                Variable y = Conv2d.apply(x, w, null, 1, 1, 1, 1);
                y.backward(Tensor.uniform(rng, -1f, 1f, y.shape()));
                runs[t - 1] = new Tensor[] {y.data(), x.grad(), w.grad()};
            }
            for (int i = 0; i < 3; i++) assertTrue(runs[0][i].bitwiseEquals(runs[1][i]), "output " + i);
        } finally {
            Parallel.setThreads(before);
        }
    }
}
