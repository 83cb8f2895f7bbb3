package dev.shears.tensor.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shears.tensor.Parallel;
import dev.shears.tensor.gemm.Gemm;
import dev.shears.tensor.gemm.PackedA;
import dev.shears.tensor.random.Rng;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The convolution without the padding's products equals, bitwise, its scalar specification (for each valid
 * tap in order, chains of {@link Gemm#KC} products folded in order), for 1 and 2 threads; and, within
 * rounding, the convolution summed in double precision over the padded image.
 */
class ValidTapConvolutionTest {

    /** channels, height, width, kh, kw, padH, padW, dilation, out channels, images. */
    private static final int[][] CASES = {
        {5, 4, 4, 3, 3, 1, 1, 1, 7, 3},    // the nine classes of vgg16's 4×4 layers
        {300, 2, 2, 3, 3, 1, 1, 1, 13, 2}, // two chains per tap (300 channels)
        {4, 8, 8, 3, 3, 1, 1, 1, 12, 2},
        {3, 1, 1, 3, 3, 1, 1, 1, 4, 5},    // 1×1 maps: the centre tap alone
        {2, 3, 3, 5, 5, 2, 2, 1, 3, 2},
        {3, 5, 6, 3, 3, 2, 2, 2, 4, 2},    // dilation 2
        {2, 4, 5, 3, 3, 2, 1, 1, 3, 2},    // taller output than input (padH 2)
        {2, 3, 4, 1, 3, 1, 1, 1, 3, 2},    // output rows that see only padding
    };

    private static ConvGeometry geometry(int[] cs) {
        return new ConvGeometry(cs[0], cs[1], cs[2], cs[3], cs[4], 1, 1, cs[5], cs[6], cs[7], cs[7], 1);
    }

    @Test
    void forwardEqualsItsSpecificationAndTheDenseSum() {
        int saved = Parallel.threads();
        try {
            for (int[] cs : CASES) {
                ConvGeometry g = geometry(cs);
                int cout = cs[8], n = cs[9], taps = g.kernelH() * g.kernelW(), p = g.colCols();
                Rng rng = new Rng(Arrays.hashCode(cs));
                float[] x = uniform(rng, 1 + n * g.imageSize()), w = uniform(rng, cout * g.colRows());
                float[] want = new float[3 + n * cout * p];
                double[] dense = new double[want.length];
                referenceForward(g, w, cout, x, 1, n, want, dense);
                check(Arrays.toString(cs) + " forward", want, 3, dense, 3, () -> {
                    PackedA[] perTap = new PackedA[taps];
                    int[] colAt = new int[g.channels()];
                    for (int c = 0; c < colAt.length; c++) colAt[c] = c * taps;
                    for (int t = 0; t < taps; t++) perTap[t] = Gemm.packA(cout, g.channels(), w, t, g.channels() * taps, colAt, null);
                    float[] got = new float[3 + n * cout * p];
                    Arrays.fill(got, Float.NaN); // every element is written
                    ValidTapConvolution.of(g).forward(perTap, x, 1, n, got, 3);
                    return got;
                });
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void weightGradientEqualsItsSpecificationAndTheDenseSum() {
        int saved = Parallel.threads();
        try {
            for (int[] cs : CASES) {
                ConvGeometry g = geometry(cs);
                int cout = cs[8], n = cs[9], taps = g.kernelH() * g.kernelW(), cin = g.channels(), p = g.colCols();
                Rng rng = new Rng(Arrays.hashCode(cs) + 1);
                float[] x = uniform(rng, n * g.imageSize()), gy = uniform(rng, 2 + n * cout * p);
                // the specification: for each class of pixels where tap t is valid, in class order, chains of KC
                // products over (image, pixel) folded from zero
                int[] classOf = classes(g);
                int classCount = Arrays.stream(classOf).max().orElse(-1) + 1;
                float[] want = new float[cout * cin * taps];
                double[] dense = new double[want.length];
                for (int o = 0; o < cout; o++) {
                    for (int c = 0; c < cin; c++) {
                        for (int t = 0; t < taps; t++) {
                            float acc = 0f;
                            boolean first = true;
                            for (int k = 0; k < classCount; k++) {
                                int products = 0;
                                float chain = 0f;
                                for (int i = 0; i < n; i++) {
                                    for (int q = 0; q < p; q++) {
                                        int at = inputAt(g, q, t);
                                        if (classOf[q] != k || at < 0) continue;
                                        float gv = gy[2 + (i * cout + o) * p + q], xv = x[i * g.imageSize() + c * g.height() * g.width() + at];
                                        chain = products % Gemm.KC == 0 ? gv * xv : Math.fma(gv, xv, chain);
                                        if (++products % Gemm.KC == 0) {
                                            acc = first ? chain : acc + chain;
                                            first = false;
                                        }
                                        dense[(o * cin + c) * taps + t] += (double) gv * xv;
                                    }
                                }
                                if (products % Gemm.KC != 0) {
                                    acc = first ? chain : acc + chain;
                                    first = false;
                                }
                            }
                            want[(o * cin + c) * taps + t] = acc;
                        }
                    }
                }
                ValidTapConvolution v = ValidTapConvolution.of(g);
                check(Arrays.toString(cs) + " weight gradient", want, 0, dense, 4, () -> {
                    float[] got = new float[4 + want.length];
                    Arrays.fill(got, Float.NaN);
                    v.weightGradient(gy, 2, cout, x, 0, n, got, 4);
                    return got;
                });
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void paysOnSmallMapsOnly() {
        assertTrue(ValidTapConvolution.pays(ConvGeometry.square(64, 4, 4, 3, 1, 1, 1, 1)));   // 69% of the products useful
        assertTrue(ValidTapConvolution.pays(ConvGeometry.square(64, 2, 2, 3, 1, 1, 1, 1)));   // 44%
        assertFalse(ValidTapConvolution.pays(ConvGeometry.square(64, 8, 8, 3, 1, 1, 1, 1)));  // 84%
        assertFalse(ValidTapConvolution.pays(ConvGeometry.square(64, 4, 4, 1, 1, 0, 1, 1)));  // pointwise
        assertFalse(ValidTapConvolution.pays(ConvGeometry.square(64, 4, 4, 3, 1, 1, 1, 2)));  // groups
        assertFalse(ValidTapConvolution.pays(ConvGeometry.square(64, 8, 8, 3, 2, 1, 1, 1)));  // stride 2
        assertThrows(IllegalArgumentException.class, () -> ValidTapConvolution.of(ConvGeometry.square(4, 8, 8, 3, 2, 1, 1, 1)));
    }

    @Test
    void rejectsWeightsOfTheWrongShape() {
        ConvGeometry g = ConvGeometry.square(3, 4, 4, 3, 1, 1, 1, 1);
        ValidTapConvolution v = ValidTapConvolution.of(g);
        PackedA[] tooFew = new PackedA[4];
        Arrays.fill(tooFew, Gemm.packA(false, 2, 3, new float[6], 0, 3, null));
        assertThrows(IllegalArgumentException.class, () -> v.forward(tooFew, new float[48], 0, 1, new float[32], 0));
        PackedA[] wrongDepth = new PackedA[9];
        Arrays.fill(wrongDepth, Gemm.packA(false, 2, 4, new float[8], 0, 4, null));
        assertThrows(IllegalArgumentException.class, () -> v.forward(wrongDepth, new float[48], 0, 1, new float[32], 0));
        PackedA[] fine = new PackedA[9];
        Arrays.fill(fine, Gemm.packA(false, 2, 3, new float[6], 0, 3, null));
        assertThrows(IllegalArgumentException.class, () -> v.forward(fine, new float[47], 0, 1, new float[32], 0));
        assertThrows(IllegalArgumentException.class, () -> v.forward(fine, new float[48], 0, 1, new float[31], 0));
    }

    /** Offset of tap t's input for output pixel q in its channel plane, or −1 where it lands in the padding. */
    private static int inputAt(ConvGeometry g, int q, int t) {
        int oy = q / g.outWidth(), ox = q % g.outWidth(), ki = t / g.kernelW(), kj = t % g.kernelW();
        int iy = oy + ki * g.dilationH() - g.padH(), ix = ox + kj * g.dilationW() - g.padW();
        return iy < 0 || iy >= g.height() || ix < 0 || ix >= g.width() ? -1 : iy * g.width() + ix;
    }

    /**
     * Each output pixel's class: pixels in the same run of output rows with one set of valid kernel rows and
     * the same run of columns with one set of valid kernel columns; runs numbered top to bottom and left to
     * right, classes row run by row run. Pixels whose window holds only padding get −1.
     */
    private static int[] classes(ConvGeometry g) {
        int[] rowRun = runs(g.outHeight(), g.height(), g.kernelH(), g.dilationH(), g.padH());
        int[] colRun = runs(g.outWidth(), g.width(), g.kernelW(), g.dilationW(), g.padW());
        int cols = colRun[colRun.length - 1] + 1;
        int[] classOf = new int[g.colCols()];
        for (int q = 0; q < classOf.length; q++) {
            int oy = q / g.outWidth(), ox = q % g.outWidth();
            boolean any = false;
            for (int t = 0; t < g.kernelH() * g.kernelW(); t++) any |= inputAt(g, q, t) >= 0;
            classOf[q] = any ? rowRun[oy] * cols + colRun[ox] : -1;
        }
        // number the classes that exist consecutively (runs whose window is all padding form none)
        int[] renumber = new int[Arrays.stream(classOf).max().orElse(-1) + 1];
        Arrays.fill(renumber, -1);
        int next = 0;
        for (int id = 0; id < renumber.length; id++) {
            for (int k : classOf) {
                if (k == id) {
                    renumber[id] = next++;
                    break;
                }
            }
        }
        for (int q = 0; q < classOf.length; q++) if (classOf[q] >= 0) classOf[q] = renumber[classOf[q]];
        return classOf;
    }

    /** For each output index, the number of its run of consecutive indices with the same valid kernel indices. */
    private static int[] runs(int out, int size, int k, int dil, int pad) {
        int[] run = new int[out];
        long previous = -1;
        for (int o = 0, r = -1; o < out; o++) {
            long mask = 0;
            for (int i = 0; i < k; i++) if (o + i * dil - pad >= 0 && o + i * dil - pad < size) mask |= 1L << i;
            if (mask != previous) r++;
            previous = mask;
            run[o] = r;
        }
        return run;
    }

    /**
     * The specification and the dense sum of the forward, from 3 on: {@code spec} per output, for each valid tap
     * in order, chains of KC over the channels, folded in order; {@code dense} every product in double
     * precision, padded zeros included.
     */
    private static void referenceForward(ConvGeometry g, float[] w, int cout, float[] x, int xOff, int n, float[] spec, double[] dense) {
        int p = g.colCols(), taps = g.kernelH() * g.kernelW(), cin = g.channels(), plane = g.height() * g.width();
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < cout; o++) {
                for (int q = 0; q < p; q++) {
                    float acc = 0f;
                    double sum = 0;
                    boolean first = true;
                    for (int t = 0; t < taps; t++) {
                        int at = inputAt(g, q, t);
                        if (at < 0) continue; // a padded zero: nothing to the dense sum either
                        for (int c0 = 0; c0 < cin; c0 += Gemm.KC) {
                            float chain = 0f;
                            for (int c = c0; c < Math.min(cin, c0 + Gemm.KC); c++) {
                                float wv = w[(o * cin + c) * taps + t], xv = x[xOff + i * g.imageSize() + c * plane + at];
                                chain = c == c0 ? wv * xv : Math.fma(wv, xv, chain);
                                sum += (double) wv * xv;
                            }
                            acc = first ? chain : acc + chain;
                            first = false;
                        }
                    }
                    spec[3 + (i * cout + o) * p + q] = acc;
                    dense[3 + (i * cout + o) * p + q] = sum;
                }
            }
        }
    }

    /**
     * For 1 and 2 threads, {@code run}'s result from {@code gotFrom} on has the bits of {@code want} from
     * {@code wantFrom} on; and want is within rounding of {@code dense} (aligned with it).
     */
    private static void check(String what, float[] want, int wantFrom, double[] dense, int gotFrom, Supplier<float[]> run) {
        for (int threads = 1; threads <= 2; threads++) {
            Parallel.setThreads(threads);
            assertBitwise(want, wantFrom, run.get(), gotFrom, what + ", " + threads + " threads");
        }
        for (int i = 0; i < dense.length; i++) assertEquals(dense[i], want[i], 1e-4 * (1 + Math.abs(dense[i])), what + " [" + i + "]");
    }

    /** want[wantFrom + i] and got[gotFrom + i] have the same bits, for every i of want's range. */
    private static void assertBitwise(float[] want, int wantFrom, float[] got, int gotFrom, String what) {
        assertEquals(want.length - wantFrom, got.length - gotFrom, what + ": length");
        for (int i = 0; i < want.length - wantFrom; i++) {
            float w = want[wantFrom + i], g = got[gotFrom + i];
            int at = i;
            assertEquals(Float.floatToRawIntBits(w), Float.floatToRawIntBits(g), () -> what + ", element " + at + ": " + w + " vs " + g);
        }
    }

    private static float[] uniform(Rng rng, int size) {
        float[] x = new float[size];
        rng.fillUniform(x, -1f, 1f);
        return x;
    }
}
