package dev.shears.tensor.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** BLAS edge rules and argument checks of {@link Gemm#sgemm}. */
class GemmContractTest {

    @Test
    void betaZeroOverwritesNaNInC() {
        int n = 40;
        float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
        Arrays.fill(a, 1f);
        Arrays.fill(b, 0.5f);
        Arrays.fill(c, Float.NaN);
        Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
        float[] expected = new float[n * n];
        Arrays.fill(expected, 20f);
        assertArrayEquals(expected, c);
    }

    @Test
    void alphaZeroOrEmptyKScalesCWithoutReadingAB() {
        float[] nanA = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        float[] c = {1, 2, 3, 4};
        Gemm.sgemm(false, false, 2, 2, 2, 0f, nanA, 0, 2, nanA, 0, 2, 2f, c, 0, 2);
        assertArrayEquals(new float[] {2, 4, 6, 8}, c);
        Gemm.sgemm(true, true, 2, 2, 0, 1f, new float[0], 0, 2, new float[0], 0, 1, 0f, c, 0, 2);
        assertArrayEquals(new float[] {0, 0, 0, 0}, c);
    }

    @Test
    void rejectsBadArguments() {
        float[] x = new float[16];
        assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(false, false, -1, 2, 2, 1f, x, 0, 2, x, 0, 2, 0f, x, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(false, false, 4, 4, 4, 1f, x, 1, 4, x, 0, 4, 0f, x, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(false, false, 2, 2, 4, 1f, x, 0, 3, x, 0, 2, 0f, x, 0, 2));
        // op(A) = Aᵀ is 2×9, so A is 9×2 and needs 18 elements.
        float[] bigB = new float[18], c = new float[4];
        assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(true, false, 2, 2, 9, 1f, x, 0, 2, bigB, 0, 2, 0f, c, 0, 2));
        Gemm.sgemm(true, false, 2, 2, 9, 1f, bigB, 0, 2, bigB, 0, 2, 0f, c, 0, 2); // the same shapes fit in 18
    }
}
