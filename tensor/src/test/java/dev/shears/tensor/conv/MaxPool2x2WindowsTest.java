package dev.shears.tensor.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.tensor.kernels.KernelProvider;
import dev.shears.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * Property: the vector {@link MaxPool2x2Windows} gives bitwise the values and exactly the argmax of the scalar
 * reference on random window lists (any order, overlapping, counts around the vector width so every tail
 * occurs, sub-ranges), with ties (values from a few levels, ±0 included) and NaN, and writes nothing outside
 * [from, to).
 */
class MaxPool2x2WindowsTest {

    @Test void vectorEqualsTheScalarReference() {
        assumeTrue(KernelProvider.vectorModulePresent(), "jdk.incubator.vector absent");
        MaxPool2x2Windows vector = KernelProvider.vectorOr("dev.shears.tensor.conv.VectorMaxPool2x2Windows", MaxPool2x2Windows.class, null);
        assertEquals(VectorMaxPool2x2Windows.class, vector.getClass());
        MaxPool2x2Windows scalar = new ScalarMaxPool2x2Windows();
        float[] levels = {-1f, 0f, -0f, 0.5f, 2f, Float.NEGATIVE_INFINITY, Float.NaN};
        qt().withExamples(400).withFixedSeed(3).forAll(longs().all()).checkAssert(seed -> {
            Rng r = new Rng(seed);
            int count = r.nextInt(80), w = 2 + r.nextInt(20), xOff = r.nextInt(4), len = 3 * w + r.nextInt(50);
            boolean nan = r.nextInt(3) == 0;
            float[] x = new float[xOff + len + w + 1];
            for (int i = 0; i < x.length; i++) x[i] = levels[r.nextInt(levels.length - (nan ? 0 : 1))];
            int[] at = new int[count], inPlane = new int[count];
            for (int i = 0; i < count; i++) {
                at[i] = r.nextInt(len);
                inPlane[i] = r.nextInt(1000);
            }
            int from = count == 0 ? 0 : r.nextInt(Math.min(count, 3) + 1), yOff = r.nextInt(3);
            float[] ys = new float[yOff + count + 2], yv = ys.clone();
            int[] as = new int[yOff + count + 2], av = as.clone();
            scalar.pool(x, xOff, w, at, inPlane, from, count, ys, yOff, as, yOff);
            vector.pool(x, xOff, w, at, inPlane, from, count, yv, yOff, av, yOff);
            assertArrayEquals(as, av, "argmax, count " + count);
            for (int i = 0; i < ys.length; i++) {
                assertEquals(Float.floatToIntBits(ys[i]), Float.floatToIntBits(yv[i]), "value " + i + ", count " + count);
            }
        });
    }
}
