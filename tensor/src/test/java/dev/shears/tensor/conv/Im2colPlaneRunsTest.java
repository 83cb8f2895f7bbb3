package dev.shears.tensor.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * Property: on stride-1 geometries whose output is as wide as the input, the one-run-per-tap paths of
 * {@link Im2col} equal the per-row reference paths bitwise, and touch nothing outside their image / column
 * block: random kernel sizes, dilations, vertical padding (also none and beyond the kernel), groups, widths
 * down to 1, images placed at the very start or end of their array (a read or write past the plane throws)
 * or among NaN sentinels (one leaking into the result would show).
 */
class Im2colPlaneRunsTest {

    /** A random same-width stride-1 geometry, or null when the kernel does not fit the padded height. */
    private static ConvGeometry geometry(Rng r) {
        int groups = 1 + r.nextInt(3), channels = groups * (1 + r.nextInt(3));
        int h = r.nextInt(7), w = 1 + r.nextInt(9), kh = 1 + r.nextInt(4), kw = 1 + r.nextInt(5);
        int dh = 1 + r.nextInt(2), dw = 1 + r.nextInt(2);
        if (dw * (kw - 1) % 2 != 0) dw = 2; // 2·padW = dilW·(kW − 1) needs an even right side
        int ph = r.nextInt(4), pw = dw * (kw - 1) / 2;
        if (h + 2 * ph < dh * (kh - 1) + 1) return null;
        ConvGeometry g = new ConvGeometry(channels, h, w, kh, kw, 1, 1, ph, pw, dh, dw, groups);
        assertTrue(Im2col.isSameWidthStride1(g), g.toString());
        return g;
    }

    @Test void runsEqualTheRowByRowReference() {
        qt().withExamples(400).withFixedSeed(11).forAll(longs().all()).checkAssert(seed -> {
            Rng r = new Rng(seed);
            ConvGeometry g = geometry(r);
            if (g == null) return;
            int group = r.nextInt(g.groups()), img = g.imageSize();
            int ld = g.colCols() + (r.nextInt(2) == 0 ? 0 : r.nextInt(5)); // rows of a wider block, or packed
            int colSize = g.colRows() == 0 ? 0 : (g.colRows() - 1) * ld + g.colCols();
            int place = r.nextInt(3); // 0: at the start of an exact array, 1: at the end, 2: between sentinels
            int xOff = place == 0 ? 0 : place == 1 ? 5 : 3, xLen = place == 2 ? img + 7 : xOff + img;
            float[] x = new float[xLen];
            java.util.Arrays.fill(x, Float.NaN);
            for (int i = 0; i < img; i++) x[xOff + i] = r.nextFloat() * 2f - 1f;

            float[] fast = new float[colSize + 4], ref = new float[colSize + 4];
            java.util.Arrays.fill(fast, 7f);
            java.util.Arrays.fill(ref, 7f);
            Im2col.im2colPlaneRuns(x, xOff, g, group, fast, 2, ld);
            Im2col.im2colRows(x, xOff, g, group, ref, 2, ld);
            assertBitwise(ref, fast, "im2col " + g); // the whole arrays: the gaps between rows stay 7
            for (int i = 2; i < 2 + colSize; i++) assertTrue(!Float.isNaN(fast[i]), "im2col read outside the image, " + g);

            float[] cols = new float[colSize + 3];
            for (int i = 0; i < cols.length; i++) cols[i] = r.nextFloat() * 2f - 1f;
            float[] dxFast = new float[xLen], dxRef = new float[xLen];
            for (int i = 0; i < xLen; i++) dxFast[i] = dxRef[i] = i >= xOff && i < xOff + img ? r.nextFloat() : Float.NaN;
            Im2col.col2imPlaneRuns(cols, 1, ld, g, group, dxFast, xOff);
            Im2col.col2imRows(cols, 1, ld, g, group, dxRef, xOff);
            assertBitwise(dxRef, dxFast, "col2im " + g);
        });
    }

    /**
     * The row-by-row block writer equals im2col image by image into the block's columns, bitwise, over any
     * range of channels, and leaves the other rows alone.
     */
    @Test void tinyBlockEqualsImageByImageColumns() {
        qt().withExamples(300).withFixedSeed(13).forAll(longs().all()).checkAssert(seed -> {
            Rng r = new Rng(seed);
            ConvGeometry g = geometry(r);
            if (g == null || g.colCols() == 0) return;
            int b = 1 + r.nextInt(5), group = r.nextInt(g.groups()), p = g.colCols(), ld = b * p + r.nextInt(3);
            int cg = g.groupChannels(), c0 = r.nextInt(cg), c1 = c0 + 1 + r.nextInt(cg - c0), taps = g.kernelH() * g.kernelW();
            float[] x = new float[2 + b * g.imageSize()];
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() * 2f - 1f;
            float[] want = new float[g.colRows() * ld], got = new float[want.length];
            java.util.Arrays.fill(got, 7f);
            for (int j = 0; j < b; j++) Im2col.im2colRows(x, 2 + j * g.imageSize(), g, group, want, j * p, ld);
            for (int i = 0; i < want.length; i++) {
                int row = i / ld;
                if (row < c0 * taps || row >= c1 * taps || i % ld >= b * p) want[i] = 7f; // not written
            }
            Im2col.im2colTinyBlock(x, 2, b, g, group, c0, c1, got, ld);
            assertBitwise(want, got, "tiny block " + g + " images " + b + " channels [" + c0 + ", " + c1 + ")");
        });
    }

    private static void assertBitwise(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), what + " at " + i);
        }
    }
}
