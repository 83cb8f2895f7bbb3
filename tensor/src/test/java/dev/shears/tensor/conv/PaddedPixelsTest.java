package dev.shears.tensor.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.tensor.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Every element of the channels-last padded images is the source pixel of its channel inside and +0 in the
 * border and the slack.
 */
class PaddedPixelsTest {

    @Test
    void imagesHoldTheSourceInsideChannelsLastAndZerosAround() {
        qt().withExamples(300).forAll(longs().all()).checkAssert(seed -> {
            Rng r = new Rng(seed);
            int count = r.nextInt(4), channels = 1 + r.nextInt(5), h = 1 + r.nextInt(6), w = 1 + r.nextInt(7);
            int padH = r.nextInt(3), padW = r.nextInt(3), hw = h * w;
            int stride = channels * hw + r.nextInt(5), from = r.nextInt(3), hp = h + 2 * padH, wp = w + 2 * padW, image = hp * wp * channels;
            float[] src = new float[from + Math.max(0, count - 1) * stride + channels * hw];
            r.fillUniform(src, -1f, 1f);
            int end = count * image + r.nextInt(40);
            float[] dst = new float[end + 2];
            Arrays.fill(dst, Float.NaN); // stale values everywhere: each element below must be written
            PaddedPixels.copy(src, from, stride, count, channels, h, w, padH, padW, dst, end);
            for (int i = 0; i < end; i++) {
                int img = i / image, pixel = i % image / channels, c = i % channels, y = pixel / wp - padH, x = pixel % wp - padW;
                boolean inside = img < count && y >= 0 && y < h && x >= 0 && x < w;
                float want = inside ? src[from + img * stride + c * hw + y * w + x] : 0f;
                assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(dst[i]), "element " + i + " seed " + seed);
            }
            assertEquals(Float.NaN, dst[end], "wrote past end");
        });
    }

    @Test
    void rejectsAnEndShortOfTheImagesAndSourcesOutsideTheArray() {
        // one 2-channel 2×2 image padded by 1: 4·4·2 = 32 floats
        assertThrows(IllegalArgumentException.class, () -> PaddedPixels.copy(new float[8], 0, 8, 1, 2, 2, 2, 1, 1, new float[40], 31));
        assertThrows(IllegalArgumentException.class, () -> PaddedPixels.copy(new float[8], 0, 8, 1, 2, 2, 2, 1, 1, new float[30], 32));
        assertThrows(IllegalArgumentException.class, () -> PaddedPixels.copy(new float[8], 1, 8, 1, 2, 2, 2, 1, 1, new float[32], 32));
        assertThrows(IllegalArgumentException.class, () -> PaddedPixels.copy(new float[15], 0, 8, 2, 2, 2, 2, 1, 1, new float[64], 64));
    }
}
