package dev.shears.tensor.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.tensor.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every element of the padded planes is the source value inside and +0 in the padding and the slack. */
class PaddedPlanesTest {

    @Test
    void planesHoldTheSourceInsideAndZerosAround() {
        qt().withExamples(300).forAll(longs().all()).checkAssert(seed -> {
            Rng r = new Rng(seed);
            int count = r.nextInt(4), h = 1 + r.nextInt(6), w = 1 + r.nextInt(7), padH = r.nextInt(3), padW = r.nextInt(3);
            int stride = h * w + r.nextInt(5), from = r.nextInt(3), hp = h + 2 * padH, wp = w + 2 * padW;
            float[] src = new float[from + Math.max(0, count - 1) * stride + h * w];
            r.fillUniform(src, -1f, 1f);
            int end = count * hp * wp + r.nextInt(40);
            float[] dst = new float[end + 2];
            Arrays.fill(dst, Float.NaN); // stale values everywhere: each element below must be written
            PaddedPlanes.copy(src, from, stride, count, h, w, padH, padW, dst, end);
            for (int i = 0; i < end; i++) {
                int plane = i / (hp * wp), y = i % (hp * wp) / wp - padH, x = i % wp - padW;
                boolean inside = plane < count && y >= 0 && y < h && x >= 0 && x < w;
                float want = inside ? src[from + plane * stride + y * w + x] : 0f;
                assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(dst[i]), "element " + i + " seed " + seed);
            }
            assertEquals(Float.NaN, dst[end], "wrote past end");
        });
    }

    @Test
    void rejectsAnEndShortOfThePlanes() {
        assertThrows(IllegalArgumentException.class, () -> PaddedPlanes.copy(new float[4], 0, 4, 1, 2, 2, 1, 1, new float[16], 15));
    }
}
