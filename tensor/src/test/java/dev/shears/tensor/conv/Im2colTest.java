package dev.shears.tensor.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.tensor.gemm.Gemm;
import dev.shears.tensor.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * im2col against its definition, col2im as its adjoint, and W × im2col as a convolution, on random
 * geometries (stride, zero padding up to beyond the kernel, dilation, groups, images down to 0 pixels).
 */
class Im2colTest {

    private static final double U = 0x1.0p-24;

    /** A random valid geometry, or null when the drawn kernel does not fit the padded image. */
    private static ConvGeometry geometry(Rng rng) {
        int groups = 1 + rng.nextInt(3);
        int channels = groups * (1 + rng.nextInt(3));
        int h = rng.nextInt(8), w = rng.nextInt(8);
        int kh = 1 + rng.nextInt(5), kw = 1 + rng.nextInt(5);
        int sh = 1 + rng.nextInt(3), sw = 1 + rng.nextInt(3);
        int ph = rng.nextInt(4), pw = rng.nextInt(4);
        int dh = 1 + rng.nextInt(2), dw = 1 + rng.nextInt(2);
        if (h + 2 * ph < dh * (kh - 1) + 1 || w + 2 * pw < dw * (kw - 1) + 1) return null;
        return new ConvGeometry(channels, h, w, kh, kw, sh, sw, ph, pw, dh, dw, groups);
    }

    private static ConvGeometry validGeometry(Rng rng) {
        ConvGeometry g;
        while ((g = geometry(rng)) == null) { /* draw again */ }
        return g;
    }

    /** x[c, iy, ix] with zero padding outside the image. */
    private static float pixel(float[] x, ConvGeometry g, int c, int iy, int ix) {
        if (iy < 0 || iy >= g.height() || ix < 0 || ix >= g.width()) return 0f;
        return x[(c * g.height() + iy) * g.width() + ix];
    }

    /** The definition: cols[(c·kh + i)·kw + j, oy·ow + ox] = x[group·cg + c, oy·sh − ph + i·dh, ox·sw − pw + j·dw]. */
    private static float[] naiveIm2col(float[] x, ConvGeometry g, int group) {
        int oh = g.outHeight(), ow = g.outWidth(), cg = g.groupChannels();
        float[] cols = new float[g.colRows() * g.colCols()];
        for (int c = 0; c < cg; c++)
            for (int i = 0; i < g.kernelH(); i++)
                for (int j = 0; j < g.kernelW(); j++)
                    for (int oy = 0; oy < oh; oy++)
                        for (int ox = 0; ox < ow; ox++) {
                            int row = (c * g.kernelH() + i) * g.kernelW() + j;
                            cols[row * oh * ow + oy * ow + ox] = pixel(x, g, group * cg + c,
                                    oy * g.strideH() - g.padH() + i * g.dilationH(),
                                    ox * g.strideW() - g.padW() + j * g.dilationW());
                        }
        return cols;
    }

    private static float[] uniform(Rng rng, int n) {
        float[] a = new float[n];
        rng.fillUniform(a, -1f, 1f);
        return a;
    }

    @Test
    void im2colEqualsTheDefinitionAndWritesExactlyItsBlock() {
        qt().withExamples(400).withFixedSeed(31).forAll(longs().all()).checkAssert(seed -> {
            Rng rng = new Rng(seed);
            ConvGeometry g = validGeometry(rng);
            int xOff = rng.nextInt(4), colsOff = rng.nextInt(4);
            float[] x = uniform(rng, xOff + g.imageSize());
            float[] image = Arrays.copyOfRange(x, xOff, x.length);
            int size = g.colRows() * g.colCols();
            for (int group = 0; group < g.groups(); group++) {
                float[] cols = new float[colsOff + size + 3];
                Arrays.fill(cols, Float.NaN); // every element of the block must be written
                Im2col.im2col(x, xOff, g, group, cols, colsOff);
                float[] expected = naiveIm2col(image, g, group);
                for (int i = 0; i < size; i++) {
                    if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(cols[colsOff + i])) {
                        throw new AssertionError(g + " group " + group + " element " + i + ": expected " + expected[i]
                                + " got " + cols[colsOff + i]);
                    }
                }
                for (int i = 0; i < colsOff; i++) assertTrue(Float.isNaN(cols[i]), "wrote before the block");
                for (int i = colsOff + size; i < cols.length; i++) assertTrue(Float.isNaN(cols[i]), "wrote past the block");
            }
        });
    }

    /** The definition of col2im: scatter-add every column entry to its pixel, in (c, i, j, oy, ox) order. */
    private static void naiveCol2im(float[] cols, ConvGeometry g, int group, float[] dx) {
        int oh = g.outHeight(), ow = g.outWidth(), cg = g.groupChannels();
        for (int c = 0; c < cg; c++)
            for (int i = 0; i < g.kernelH(); i++)
                for (int j = 0; j < g.kernelW(); j++)
                    for (int oy = 0; oy < oh; oy++)
                        for (int ox = 0; ox < ow; ox++) {
                            int iy = oy * g.strideH() - g.padH() + i * g.dilationH();
                            int ix = ox * g.strideW() - g.padW() + j * g.dilationW();
                            if (iy < 0 || iy >= g.height() || ix < 0 || ix >= g.width()) continue;
                            int row = (c * g.kernelH() + i) * g.kernelW() + j;
                            dx[((group * cg + c) * g.height() + iy) * g.width() + ix] += cols[row * oh * ow + oy * ow + ox];
                        }
    }

    @Test
    void col2imEqualsTheOrderedScatterAddBitwise() {
        qt().withExamples(300).withFixedSeed(34).forAll(longs().all()).checkAssert(seed -> {
            Rng rng = new Rng(seed);
            ConvGeometry g = validGeometry(rng);
            int colsOff = rng.nextInt(3), dxOff = rng.nextInt(3);
            int size = g.colRows() * g.colCols();
            for (int group = 0; group < g.groups(); group++) {
                float[] cols = uniform(rng, colsOff + size);
                float[] base = uniform(rng, dxOff + g.imageSize() + 2);
                float[] expected = Arrays.copyOfRange(base, dxOff, dxOff + g.imageSize());
                naiveCol2im(Arrays.copyOfRange(cols, colsOff, cols.length), g, group, expected);
                float[] dx = base.clone();
                Im2col.col2im(cols, colsOff, g, group, dx, dxOff);
                for (int i = 0; i < dx.length; i++) {
                    int e = i >= dxOff && i < dxOff + g.imageSize() ? Float.floatToIntBits(expected[i - dxOff])
                            : Float.floatToIntBits(base[i]);
                    if (e != Float.floatToIntBits(dx[i])) {
                        throw new AssertionError(g + " group " + group + " element " + i + ": expected "
                                + Float.intBitsToFloat(e) + " got " + dx[i]);
                    }
                }
            }
        });
    }

    /** Padding wider than the output row: a whole kernel row falls in the padding. */
    @Test
    void paddingWiderThanTheOutputRowReadsZeros() {
        ConvGeometry g = new ConvGeometry(1, 1, 1, 5, 5, 1, 1, 2, 2, 1, 1, 1); // out 1×1, taps at −2..2
        float[] cols = new float[25 + 1];
        Arrays.fill(cols, Float.NaN);
        Im2col.im2col(new float[] {7f}, 0, g, 0, cols, 0);
        float[] expected = new float[25];
        expected[12] = 7f;
        assertEquals(Arrays.toString(expected), Arrays.toString(Arrays.copyOf(cols, 25)));
        assertTrue(Float.isNaN(cols[25]));
    }

    /**
     * {@code <im2col(x), y> = <x, col2im(y)>} for every group. Both sides are evaluated in double; the
     * right side's col2im adds up to kh·kw floats to each pixel of a base image in float, so it differs from
     * the exact value by at most {@code (kh·kw+1)·2^-24·(Σ|im2col(x)·y| + Σ|x·base|)}; the tolerance adds one
     * more unit for the double evaluation.
     */
    @Test
    void col2imIsTheAdjointOfIm2col() {
        qt().withExamples(400).withFixedSeed(32).forAll(longs().all()).checkAssert(seed -> {
            Rng rng = new Rng(seed);
            ConvGeometry g = validGeometry(rng);
            float[] x = uniform(rng, g.imageSize());
            int size = g.colRows() * g.colCols();
            for (int group = 0; group < g.groups(); group++) {
                float[] y = uniform(rng, size);
                float[] cols = new float[size];
                Im2col.im2col(x, 0, g, group, cols, 0);
                double lhs = 0, abs = 0;
                for (int i = 0; i < size; i++) {
                    lhs += (double) cols[i] * y[i];
                    abs += Math.abs((double) cols[i] * y[i]);
                }
                // col2im accumulates: start from a known image and subtract it back
                float[] base = uniform(rng, g.imageSize());
                float[] dx = base.clone();
                Im2col.col2im(y, 0, g, group, dx, 0);
                double rhs = 0, absBase = 0;
                for (int i = 0; i < dx.length; i++) {
                    rhs += (double) x[i] * ((double) dx[i] - base[i]);
                    absBase += Math.abs((double) x[i] * base[i]);
                }
                // each pixel is base + up to kh·kw column entries, summed in float
                double tol = (g.kernelH() * g.kernelW() + 2) * U * (abs + absBase) + 1e-12;
                assertEquals(lhs, rhs, tol, g + " group " + group);
                // channels outside the group are untouched
                int cg = g.groupChannels(), plane = g.height() * g.width();
                for (int i = 0; i < dx.length; i++) {
                    int c = i / Math.max(1, plane);
                    if (c / cg != group) assertEquals(Float.floatToIntBits(base[i]), Float.floatToIntBits(dx[i]));
                }
            }
        });
    }

    /**
     * A direct convolution (double, from the definition) equals W_g × im2col per group computed by
     * {@link Gemm#sgemm}, within the float bound {@code (K+1)·2^-24·Σ|w·x|} for K = cg·kh·kw terms.
     */
    @Test
    void directConvolutionEqualsWeightTimesIm2col() {
        qt().withExamples(200).withFixedSeed(33).forAll(longs().all()).checkAssert(seed -> {
            Rng rng = new Rng(seed);
            ConvGeometry g = validGeometry(rng);
            int ocPerGroup = 1 + rng.nextInt(3), oc = ocPerGroup * g.groups();
            int cg = g.groupChannels(), kk = g.colRows(), plane = g.colCols();
            int oh = g.outHeight(), ow = g.outWidth();
            float[] x = uniform(rng, g.imageSize());
            float[] w = uniform(rng, oc * kk); // [oc, cg, kh, kw]
            float[] out = new float[oc * plane];
            float[] cols = new float[kk * plane];
            for (int group = 0; group < g.groups(); group++) {
                Im2col.im2col(x, 0, g, group, cols, 0);
                Gemm.sgemm(false, false, ocPerGroup, plane, kk, 1f, w, group * ocPerGroup * kk, kk,
                        cols, 0, plane, 0f, out, group * ocPerGroup * plane, plane);
            }
            for (int o = 0; o < oc; o++) {
                int group = o / ocPerGroup;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double exact = 0, abs = 0;
                        for (int c = 0; c < cg; c++)
                            for (int i = 0; i < g.kernelH(); i++)
                                for (int j = 0; j < g.kernelW(); j++) {
                                    double t = (double) w[((o * cg + c) * g.kernelH() + i) * g.kernelW() + j]
                                            * pixel(x, g, group * cg + c, oy * g.strideH() - g.padH() + i * g.dilationH(),
                                                    ox * g.strideW() - g.padW() + j * g.dilationW());
                                    exact += t;
                                    abs += Math.abs(t);
                                }
                        assertEquals(exact, out[o * plane + oy * ow + ox], (kk + 1) * U * abs, g + " out " + o);
                    }
                }
            }
        });
    }

    @Test
    void arraysTooShortForTheGeometryAreRejected() {
        ConvGeometry g = ConvGeometry.square(2, 4, 4, 3, 1, 1, 1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Im2col.im2col(new float[31], 0, g, 0, new float[18 * 16], 0));
        assertTrue(e.getMessage().contains("image"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Im2col.im2col(new float[32], 0, g, 0, new float[18 * 16 - 1], 0));
        assertTrue(e.getMessage().contains("cols"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Im2col.col2im(new float[18 * 16], 0, g, 0, new float[32], 1));
        assertTrue(e.getMessage().contains("image"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Im2col.im2col(new float[32], 0, g, 1, new float[18 * 16], 0));
        assertTrue(e.getMessage().contains("group 1"), e.getMessage());
    }
}
