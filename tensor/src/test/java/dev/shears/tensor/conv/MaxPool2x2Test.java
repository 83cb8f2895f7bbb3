package dev.shears.tensor.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * Property: {@link MaxPool2dKernel}'s specialised 2×2 stride-2 loop gives bitwise the values and exactly the
 * argmax of the general loop (its reference), on odd and even sizes (floor mode drops the last row/column),
 * with ties (values drawn from a few levels) and NaN.
 */
class MaxPool2x2Test {

    @Test void fastPathEqualsTheGeneralLoop() {
        qt().withExamples(300).withFixedSeed(2).forAll(longs().all()).checkAssert(seed -> {
            Rng r = new Rng(seed);
            int c = 1 + r.nextInt(4), h = 2 + r.nextInt(9), w = 2 + r.nextInt(9);
            ConvGeometry g = ConvGeometry.square(c, h, w, 2, 2, 0, 1, 1);
            assertTrue(MaxPool2dKernel.isPlain2x2(g));
            int off = r.nextInt(3);
            float[] x = new float[off + c * h * w];
            float[] levels = {-1f, 0f, -0f, 0.5f, 2f, Float.NaN, Float.NEGATIVE_INFINITY};
            for (int i = 0; i < x.length; i++) x[i] = levels[r.nextInt(levels.length - (r.nextInt(4) == 0 ? 0 : 2))];
            int outLen = c * g.colCols();
            float[] yFast = new float[outLen + 1], yRef = new float[outLen + 1];
            int[] aFast = new int[outLen + 1], aRef = new int[outLen + 1];
            MaxPool2dKernel.forward2x2(x, off, g, yFast, 1, aFast, 1);
            MaxPool2dKernel.forwardGeneral(x, off, g, yRef, 1, aRef, 1);
            assertArrayEquals(aRef, aFast, "argmax, seed " + seed);
            for (int i = 0; i < yRef.length; i++) {
                assertEquals(Float.floatToIntBits(yRef[i]), Float.floatToIntBits(yFast[i]), "value " + i + ", seed " + seed);
            }
        });
    }
}
