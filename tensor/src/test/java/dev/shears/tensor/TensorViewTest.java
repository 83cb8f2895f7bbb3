package dev.shears.tensor;

import static dev.shears.tensor.TensorBroadcastTest.randomShape;
import static dev.shears.tensor.TensorBroadcastTest.randomTensor;
import static dev.shears.tensor.TensorBroadcastTest.unflatten;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/** Reshape and slice views (shared storage), permute and transpose against a naive index mapping. */
class TensorViewTest {

    @Test
    void reshapeInfersMinusOneAndSharesStorage() {
        qt().withExamples(300).withFixedSeed(61).forAll(longs().all()).checkAssert(seed -> {
            Rng rng = new Rng(seed);
            Tensor t = randomTensor(rng, randomShape(rng, 4));
            int n = t.numel();
            // a random factorisation of n with one factor replaced by -1
            int[] target = n == 0 ? new int[] {0, 5} : factor(rng, n);
            int[] expected = target.clone();
            if (n > 0 && target.length > 0) {
                int i = rng.nextInt(target.length);
                target[i] = -1;
            }
            Tensor v = t.reshape(target);
            assertArrayEquals(expected, v.shape());
            assertSame(t.data(), v.data());
            assertEquals(t.offset(), v.offset());
            assertArrayEquals(t.toArray(), v.toArray(), 0f);
            if (n > 0) {
                int f = rng.nextInt(n);
                v.set(42f, unflatten(f, v.shape()));
                assertEquals(42f, t.get(unflatten(f, t.shape())), "the write through the view is visible");
            }
        });
    }

    /** Some factors of {@code n}, in order, then the remaining cofactor: their product is {@code n}. */
    private static int[] factor(Rng rng, int n) {
        int[] out = new int[6];
        int len = 0;
        int rest = n;
        for (int p = 2; p <= rest && len < 5; ) {
            if (rest % p == 0 && rng.nextInt(2) == 0) {
                out[len++] = p;
                rest /= p;
            } else {
                p++;
            }
        }
        out[len++] = rest;
        return java.util.Arrays.copyOf(out, len);
    }

    @Test
    void reshapeErrorsNameTheShapes() {
        Tensor t = Tensor.zeros(2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.reshape(4, -1));
        assertTrue(e.getMessage().contains("reshape") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, -1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.reshape(-1, -1));
        assertThrows(IllegalArgumentException.class, () -> t.reshape(7));
        assertThrows(IllegalArgumentException.class, () -> t.reshape(-2, -3));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(0, 3).reshape(0, -1)); // ambiguous
        assertArrayEquals(new int[] {0, 3}, Tensor.zeros(3, 0).reshape(-1, 3).shape());
        assertArrayEquals(new int[0], Tensor.ones(1, 1).reshape().shape());
    }

    @Test
    void sliceIsAViewOfRowsAlongTheFirstAxis() {
        qt().withExamples(300).withFixedSeed(62).forAll(longs().all()).checkAssert(seed -> {
            Rng rng = new Rng(seed);
            int[] shape = randomShape(rng, 4);
            if (shape.length == 0) shape = new int[] {3};
            Tensor t = randomTensor(rng, shape);
            int start = rng.nextInt(shape[0] + 1), end = start + rng.nextInt(shape[0] - start + 1);
            Tensor s = t.slice(start, end);
            assertSame(t.data(), s.data());
            assertEquals(end - start, s.dim(0));
            for (int f = 0; f < s.numel(); f++) {
                int[] idx = unflatten(f, s.shape());
                int[] src = idx.clone();
                src[0] += start;
                assertEquals(t.get(src), s.get(idx), 0f);
            }
            if (s.numel() > 0) {
                s.fill(-7f);
                int[] first = new int[shape.length];
                first[0] = start;
                assertEquals(-7f, t.get(first), "slice shares storage");
            }
        });
        Tensor t = Tensor.zeros(3, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.slice(2, 4));
        assertTrue(e.getMessage().contains("slice") && e.getMessage().contains("[3, 2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.slice(2, 1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1f).slice(0, 1));
    }

    @Test
    void permuteAndTransposeEqualTheNaiveIndexMapping() {
        qt().withExamples(400).withFixedSeed(63).forAll(longs().all()).checkAssert(seed -> {
            Rng rng = new Rng(seed);
            int[] shape = randomShape(rng, 4);
            Tensor t = randomTensor(rng, shape);
            int r = shape.length;
            int[] perm = rng.permutation(r);
            int[] negPerm = perm.clone();
            for (int i = 0; i < r; i++) if (rng.nextInt(2) == 0) negPerm[i] -= r; // negative axes allowed
            Tensor p = t.permute(negPerm);
            int[] expectedShape = new int[r];
            for (int i = 0; i < r; i++) expectedShape[i] = shape[perm[i]];
            assertArrayEquals(expectedShape, p.shape());
            for (int f = 0; f < p.numel(); f++) {
                int[] idx = unflatten(f, expectedShape);
                int[] src = new int[r];
                for (int i = 0; i < r; i++) src[perm[i]] = idx[i];
                assertEquals(t.get(src), p.get(idx), 0f);
            }
            if (r >= 1) {
                int a = rng.nextInt(r), b = rng.nextInt(r);
                int[] swap = new int[r];
                for (int i = 0; i < r; i++) swap[i] = i;
                swap[a] = b;
                swap[b] = a;
                assertTrue(t.permute(swap).bitwiseEquals(t.transpose(a, b - r)), "transpose(" + a + ", " + b + ")");
            }
        });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).permute(0, 0));
        assertTrue(e.getMessage().contains("repeated axis"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).permute(0));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).permute(0, 2));
    }
}
