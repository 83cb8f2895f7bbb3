package dev.shears.tensor.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.tensor.gemm.Gemm;
import dev.shears.tensor.gemm.PackedA;
import dev.shears.tensor.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The direct convolution gives, bitwise, the GEMM of the weights with the column matrix {@link Im2col} writes. */
class PaddedConvolutionTest {

    private static ConvGeometry geometry(Rng rng) { return SameWidthGeometries.draw(rng, 4, 12, 40); }

    @Test
    void equalsTheGemmOfTheWrittenColumnMatrix() {
        qt().withExamples(300).forAll(longs().all()).checkAssert(seed -> {
            Rng rng = new Rng(seed);
            ConvGeometry g;
            while ((g = geometry(rng)) == null) { /* draw again */ }
            int n = 1 + rng.nextInt(3), image = rng.nextInt(n), group = rng.nextInt(g.groups());
            int og = 1 + rng.nextInt(24), rows = g.colRows(), p = g.colCols(), xOff = rng.nextInt(4);
            float[] x = new float[xOff + n * g.imageSize()], w = new float[og * rows];
            rng.fillUniform(x, -1f, 1f);
            rng.fillUniform(w, -1f, 1f);
            PackedA packed = Gemm.packA(false, og, rows, w, 0, rows, null);

            float[] cols = new float[rows * p];
            Im2col.im2col(x, xOff + image * g.imageSize(), g, group, cols, 0, p);
            int yOff = rng.nextInt(5);
            float[] want = new float[yOff + og * p + 3], got = new float[want.length];
            Arrays.fill(want, -7f);
            Arrays.fill(got, -7f);
            Gemm.sgemm(packed, false, p, 1f, cols, 0, p, 0f, want, yOff, p);
            PaddedConvolution.of(g).forward(packed, x, xOff + image * g.imageSize(), group, got, yOff);
            assertArrayEquals(bits(want), bits(got), g + " image " + image + " group " + group + " og " + og);
        });
    }

    /** Where it is worth it, by the measurements in {@link PaddedConvolution#pays}'s documentation. */
    @Test
    void paysOnLargeMapsWithWideKernelsOnly() {
        assertTrue(PaddedConvolution.pays(ConvGeometry.square(32, 28, 28, 3, 1, 1, 1, 1)));
        assertTrue(PaddedConvolution.pays(ConvGeometry.square(64, 14, 14, 3, 1, 1, 1, 1)));
        assertFalse(PaddedConvolution.pays(ConvGeometry.square(128, 8, 8, 3, 1, 1, 1, 1)), "a third of the columns dropped");
        assertFalse(PaddedConvolution.pays(ConvGeometry.square(128, 16, 16, 1, 1, 0, 1, 1)), "pointwise");
        assertFalse(PaddedConvolution.pays(ConvGeometry.square(32, 28, 28, 3, 2, 1, 1, 1)), "strided");
    }

    @Test
    void rejectsMismatchedWeightsAndRanges() {
        ConvGeometry g = ConvGeometry.square(2, 5, 5, 3, 1, 1, 1, 1);
        PaddedConvolution conv = PaddedConvolution.of(g);
        float[] x = new float[g.imageSize()], y = new float[4 * 25];
        PackedA good = Gemm.packA(false, 4, 18, new float[4 * 18], 0, 18, null);
        PackedA shallow = Gemm.packA(false, 4, 9, new float[4 * 9], 0, 9, null);
        assertThrows(IllegalArgumentException.class, () -> conv.forward(shallow, x, 0, 0, y, 0));
        assertThrows(IllegalArgumentException.class, () -> conv.forward(good, x, 1, 0, y, 0));
        assertThrows(IllegalArgumentException.class, () -> conv.forward(good, x, 0, 1, y, 0));
        assertThrows(IllegalArgumentException.class, () -> conv.forward(good, x, 0, 0, y, 1));
        assertThrows(IllegalArgumentException.class, () -> PaddedConvolution.of(ConvGeometry.square(2, 5, 5, 3, 2, 1, 1, 1)));
        conv.forward(good, x, 0, 0, y, 0);
        assertEquals(0f, y[0]);
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) b[i] = Float.floatToRawIntBits(v[i]);
        return b;
    }
}
