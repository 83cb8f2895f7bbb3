package dev.shears.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import org.junit.jupiter.api.Test;

class TransformsTest {

    private static Tensor randomImage(Rng r, int c, int h, int w) { return Tensor.uniform(r, 0, 1, c, h, w); }

    @Test
    void normalizeMatchesTheFormula() {
        // Property: out[c, y, x] == (in[c, y, x] - mean[c]) / std[c].
        qt().withExamples(50).forAll(longs().all()).checkAssert(seed -> {
            Rng r = new Rng(seed);
            int c = 1 + r.nextInt(4), h = 1 + r.nextInt(5), w = 1 + r.nextInt(5);
            float[] mean = new float[c], std = new float[c];
            for (int i = 0; i < c; i++) {
                mean[i] = r.nextFloat();
                std[i] = 0.1f + r.nextFloat();
            }
            Tensor in = randomImage(r, c, h, w);
            Tensor out = new Normalize(mean, std).apply(in.copy(), r);
            for (int ch = 0; ch < c; ch++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
                assertEquals((in.get(ch, y, x) - mean[ch]) / std[ch], out.get(ch, y, x));
            }
        });
        assertThrows(IllegalArgumentException.class, () -> new Normalize(new float[] {0}, new float[] {1}).apply(Tensor.zeros(3, 2, 2), new Rng(0)));
    }

    @Test
    void randomCropMatchesPadThenCut() {
        // Property: the crop equals the naive construction — zero-pad into a bigger array, then copy the
        // window whose corner is drawn (top, then left) from an identically seeded generator.
        qt().withExamples(200).forAll(longs().all(), integers().between(0, 4)).checkAssert((seed, pad) -> {
            Rng r = new Rng(seed);
            int c = 1 + r.nextInt(3), h = 1 + r.nextInt(8), w = 1 + r.nextInt(8);
            int ch = 1 + r.nextInt(h + 2 * pad), cw = 1 + r.nextInt(w + 2 * pad);
            Tensor in = randomImage(r, c, h, w);
            long s = r.nextLong();
            Tensor out = new RandomCrop(ch, cw, pad).apply(in, new Rng(s));
            Rng ref = new Rng(s);
            int top = ref.nextInt(h + 2 * pad - ch + 1), left = ref.nextInt(w + 2 * pad - cw + 1);
            float[][][] padded = new float[c][h + 2 * pad][w + 2 * pad];
            for (int k = 0; k < c; k++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) padded[k][y + pad][x + pad] = in.get(k, y, x);
            for (int k = 0; k < c; k++) for (int y = 0; y < ch; y++) for (int x = 0; x < cw; x++) {
                assertEquals(padded[k][top + y][left + x], out.get(k, y, x));
            }
        });
    }

    @Test
    void horizontalFlipMirrorsExactlyWhenTheDrawIsBelowP() {
        // Property: with draw u from the same generator, out[c, y, x] == in[c, y, W-1-x] if u < p else in.
        qt().withExamples(200).forAll(longs().all()).checkAssert(seed -> {
            Rng r = new Rng(seed);
            int c = 1 + r.nextInt(3), h = 1 + r.nextInt(4), w = 1 + r.nextInt(6);
            double p = r.nextDouble();
            Tensor in = randomImage(r, c, h, w);
            long s = r.nextLong();
            Tensor out = new RandomHorizontalFlip(p).apply(in.copy(), new Rng(s));
            boolean flip = new Rng(s).nextDouble() < p;
            for (int k = 0; k < c; k++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
                assertEquals(in.get(k, y, flip ? w - 1 - x : x), out.get(k, y, x));
            }
        });
    }

    @Test
    void resizeMatchesTheNaiveBilinearFormula() {
        // Property: each output equals the align_corners=False formula evaluated in double precision.
        qt().withExamples(100).forAll(longs().all()).checkAssert(seed -> {
            Rng r = new Rng(seed);
            int c = 1 + r.nextInt(3), h = 1 + r.nextInt(9), w = 1 + r.nextInt(9), oh = 1 + r.nextInt(12), ow = 1 + r.nextInt(12);
            Tensor in = randomImage(r, c, h, w);
            Tensor out = new Resize(oh, ow).apply(in, r);
            assertArrayEquals(new int[] {c, oh, ow}, out.shape());
            for (int k = 0; k < c; k++) for (int y = 0; y < oh; y++) for (int x = 0; x < ow; x++) {
                double sy = Math.max(0, (y + 0.5) * h / oh - 0.5), sx = Math.max(0, (x + 0.5) * w / ow - 0.5);
                int y0 = Math.min((int) sy, h - 1), x0 = Math.min((int) sx, w - 1);
                int y1 = Math.min(y0 + 1, h - 1), x1 = Math.min(x0 + 1, w - 1);
                double fy = sy - y0, fx = sx - x0;
                double want = (1 - fy) * ((1 - fx) * in.get(k, y0, x0) + fx * in.get(k, y0, x1))
                        + fy * ((1 - fx) * in.get(k, y1, x0) + fx * in.get(k, y1, x1));
                assertEquals(want, out.get(k, y, x), 1e-5);
            }
        });
    }

    @Test
    void resizeMatchesPyTorchInterpolate() throws java.io.IOException {
        // Fixture from tools/make_transform_fixtures.py: F.interpolate(bilinear, align_corners=False).
        java.util.Map<String, Tensor> m = dev.shears.nn.io.Npz.read(dev.shears.nn.io.TestResources.file("data/bilinear.npz"));
        int cases = 0;
        for (int k = 0; m.containsKey("in_" + k); k++, cases++) {
            Tensor in = m.get("in_" + k), want = m.get("out_" + k);
            Tensor got = new Resize(want.dim(1), want.dim(2)).apply(in.copy(), new Rng(0));
            assertArrayEquals(want.shape(), got.shape());
            float[] w = want.toArray(), g = got.toArray();
            for (int i = 0; i < w.length; i++) assertEquals(w[i], g[i], 1e-6f, "case " + k + " element " + i);
        }
        assertEquals(6, cases);
    }

    @Test
    void toRgbReplicatesGrayAndKeepsRgb() {
        Tensor gray = randomImage(new Rng(1), 1, 3, 4);
        Tensor rgb = new ToRgb().apply(gray, new Rng(0));
        for (int c = 0; c < 3; c++) for (int y = 0; y < 3; y++) for (int x = 0; x < 4; x++) assertEquals(gray.get(0, y, x), rgb.get(c, y, x));
        Tensor three = randomImage(new Rng(2), 3, 2, 2);
        assertSame(three, new ToRgb().apply(three, new Rng(0)));
        assertThrows(IllegalArgumentException.class, () -> new ToRgb().apply(Tensor.zeros(2, 2, 2), new Rng(0)));
    }

    @Test
    void composeAppliesInOrder() {
        Tensor in = randomImage(new Rng(5), 1, 4, 4);
        Tensor viaCompose = Transform.compose(new ToRgb(), new Resize(2, 2)).apply(in.copy(), new Rng(0));
        Tensor byHand = new Resize(2, 2).apply(new ToRgb().apply(in.copy(), new Rng(0)), new Rng(0));
        assertArrayEquals(byHand.toArray(), viaCompose.toArray());
    }
}
