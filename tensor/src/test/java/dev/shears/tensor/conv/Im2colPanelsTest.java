package dev.shears.tensor.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.tensor.gemm.PackedB;
import dev.shears.tensor.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Implicit im2col packs, bitwise, the panels of the column matrix that {@link Im2col} writes out. */
class Im2colPanelsTest {

    private static ConvGeometry geometry(Rng rng) { return SameWidthGeometries.draw(rng, 3, 9, 40); }

    @Test
    void panelsEqualThoseOfTheWrittenColumnMatrix() {
        qt().withExamples(400).forAll(longs().all()).checkAssert(seed -> {
            Rng rng = new Rng(seed);
            ConvGeometry g;
            while ((g = geometry(rng)) == null) { /* draw again */ }
            int n = 1 + rng.nextInt(4), i0 = rng.nextInt(n), b = 1 + rng.nextInt(n - i0);
            int group = rng.nextInt(g.groups()), p = g.colCols(), rows = g.colRows(), ld = b * p;
            // x exactly as long as the batch, so runs at both ends of the array take the element-wise path
            int xOff = rng.nextInt(2) == 0 ? 0 : rng.nextInt(5);
            float[] x = new float[xOff + n * g.imageSize()];
            rng.fillUniform(x, -1f, 1f);
            if (x.length > 0 && rng.nextInt(4) == 0) x[rng.nextInt(x.length)] = Float.NaN; // copied as it is
            float[] cols = new float[rows * ld];
            for (int j = 0; j < b; j++) Im2col.im2col(x, xOff + (i0 + j) * g.imageSize(), g, group, cols, j * p, ld);

            int nr = 1 + rng.nextInt(40), j0 = rng.nextInt(ld), width = 1 + rng.nextInt(Math.min(nr, ld - j0));
            int p0 = rng.nextInt(rows), kc = 1 + rng.nextInt(rows - p0), dstOff = rng.nextInt(3);
            float[] want = new float[dstOff + kc * nr + 2], got = new float[want.length];
            Arrays.fill(want, -7f);
            Arrays.fill(got, -7f);
            for (int s = 0; s < kc; s++) {
                for (int j = 0; j < nr; j++) want[dstOff + s * nr + j] = j < width ? cols[(p0 + s) * ld + j0 + j] : 0f;
            }
            PackedB panels = Im2colPanels.of(g).block(x, xOff, i0, b, group);
            panels.pack(p0, kc, j0, width, nr, got, dstOff);
            assertArrayEquals(floatBits(want), floatBits(got), g + " images [" + i0 + ", " + (i0 + b) + ") group " + group
                    + " rows [" + p0 + ", " + (p0 + kc) + ") columns [" + j0 + ", " + (j0 + width) + ") nr " + nr);
        });
    }

    @Test
    void refusesStridedGeometriesAndBlocksOutsideTheArray() {
        ConvGeometry strided = new ConvGeometry(2, 8, 8, 3, 3, 2, 2, 1, 1, 1, 1, 1);
        assertFalse(Im2colPanels.supports(strided));
        assertThrows(IllegalArgumentException.class, () -> Im2colPanels.of(strided));
        ConvGeometry g = new ConvGeometry(2, 4, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        Im2colPanels panels = Im2colPanels.of(g);
        float[] x = new float[2 * g.imageSize()];
        assertThrows(IllegalArgumentException.class, () -> panels.block(x, 0, 1, 2, 0)); // image 2 is missing
        assertThrows(IllegalArgumentException.class, () -> panels.block(x, 0, 0, 1, 1)); // one group only
        PackedB block = panels.block(x, 0, 0, 2, 0);
        float[] dst = new float[64];
        assertThrows(IllegalArgumentException.class, () -> block.pack(0, 1, 30, 4, 4, dst, 0)); // columns end at 32
        assertThrows(IllegalArgumentException.class, () -> block.pack(17, 2, 0, 4, 4, dst, 0)); // rows end at 18
    }

    private static int[] floatBits(float[] v) {
        int[] bits = new int[v.length];
        for (int i = 0; i < v.length; i++) bits[i] = Float.floatToRawIntBits(v[i]);
        return bits;
    }
}
