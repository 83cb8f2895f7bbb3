package dev.shears.tensor.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /**
     * A packed with column offsets ({@code A[i][p] = a[aOff + i·lda + colAt[p]]}): the product equals, bitwise,
     * the product with that matrix written out, here a convolution's flipped kernels (lda = taps, the columns
     * running through output channels and reversed taps) over several slices of k and an edge panel.
     */
    @Test
    void packingByColumnOffsetsEqualsTheWrittenOutMatrix() {
        int og = 150, cg = 13, taps = 9, k = og * taps, n = 40;
        dev.shears.tensor.random.Rng rng = new dev.shears.tensor.random.Rng(8);
        float[] w = new float[2 + og * cg * taps], b = new float[k * n];
        rng.fillUniform(w, -1f, 1f);
        rng.fillUniform(b, -1f, 1f);
        int[] colAt = new int[k];
        float[] wf = new float[cg * k];
        for (int oo = 0; oo < og; oo++) {
            for (int t = 0; t < taps; t++) {
                colAt[oo * taps + t] = oo * cg * taps + taps - 1 - t;
                for (int c = 0; c < cg; c++) wf[c * k + oo * taps + t] = w[2 + (oo * cg + c) * taps + taps - 1 - t];
            }
        }
        float[] want = new float[cg * n], got = new float[cg * n];
        Gemm.sgemm(Gemm.packA(false, cg, k, wf, 0, k, null), false, n, 1f, b, 0, n, 0f, want, 0, n);
        Gemm.sgemm(Gemm.packA(cg, k, w, 2, taps, colAt, null), false, n, 1f, b, 0, n, 0f, got, 0, n);
        assertArrayEquals(want, got);
        assertThrows(IllegalArgumentException.class, () -> Gemm.packA(cg, k, w, 3, taps, colAt, null)); // past the end
        assertThrows(IllegalArgumentException.class, () -> Gemm.packA(cg, k - 1, w, 2, taps, colAt, null)); // k offsets
    }

    /**
     * The taps of weights [o, c, taps] packed in one pass ({@link Gemm#packTaps}), forward (tap t of every
     * kernel, [o, c]) and transposed and flipped ([c, o], taps in reverse), hold what {@code packA} by column
     * offsets packs for each tap, bitwise, over several slices of k and with edge panels, into reused buffers
     * full of NaN; elements outside the array are refused.
     */
    @Test
    void tapsPackedInOnePassEqualTheirPackingsByColumnOffsets() {
        int o = 13, c = 1100, taps = 9;
        float[] w = new float[o * c * taps + 2];
        new dev.shears.tensor.random.Rng(17).fillUniform(w, -1f, 1f);
        for (boolean transposed : new boolean[] {false, true}) {
            int m = transposed ? c : o, k = transposed ? o : c, lda = transposed ? taps : c * taps, colStride = transposed ? c * taps : taps;
            float[][] into = new float[taps][Gemm.packedASize(m, k) + 5];
            for (float[] b : into) Arrays.fill(b, Float.NaN);
            PackedA[] got = Gemm.packTaps(m, k, w, 2 + (transposed ? taps - 1 : 0), lda, colStride, transposed ? -1 : 1, into);
            int[] colAt = new int[k];
            for (int j = 0; j < k; j++) colAt[j] = j * colStride;
            for (int t = 0; t < taps; t++) {
                PackedA want = Gemm.packA(m, k, w, 2 + (transposed ? taps - 1 - t : t), lda, colAt, null);
                assertArrayEquals(Arrays.copyOf(want.data, PackedA.size(m, k, want.mr)),
                        Arrays.copyOf(got[t].data, PackedA.size(m, k, want.mr)), (transposed ? "transposed" : "forward") + " tap " + t);
                assertEquals(m, got[t].rows());
                assertEquals(k, got[t].depth());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Gemm.packTaps(o, c, w, 3, c * taps, taps, 1, new float[taps][])); // past the end
        assertThrows(IllegalArgumentException.class, () -> Gemm.packTaps(c, o, w, 7, taps, c * taps, -1, new float[taps][])); // before the start
    }

    /**
     * B given by row and column offsets ({@code B[p][j] = b[bOff + rowAt[p] + colAt[j]]}): the product equals,
     * bitwise, the product with B written out, here over several slices of k and an edge panel; elements
     * outside the array are refused.
     */
    @Test
    void operandByOffsetsEqualsTheWrittenOutMatrix() {
        int m = 23, k = 1300, n = 70;
        dev.shears.tensor.random.Rng rng = new dev.shears.tensor.random.Rng(9);
        float[] a = new float[m * k], src = new float[5000];
        rng.fillUniform(a, -1f, 1f);
        rng.fillUniform(src, -1f, 1f);
        int[] rowAt = new int[k], colAt = new int[n];
        for (int p = 0; p < k; p++) rowAt[p] = (p * 7) % 3000;
        for (int j = 0; j < n; j++) colAt[j] = 1990 - 13 * j;
        float[] bt = new float[k * n];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) bt[p * n + j] = src[3 + rowAt[p] + colAt[j]];
        }
        float[] want = new float[m * n], got = new float[m * n];
        PackedA packed = Gemm.packA(false, m, k, a, 0, k, null);
        Gemm.sgemm(packed, false, n, 1f, bt, 0, n, 0f, want, 0, n);
        Gemm.sgemm(packed, n, 1f, Gemm.offsetB(src, 3, rowAt, colAt), 0f, got, 0, n);
        assertArrayEquals(want, got);
        assertThrows(IllegalArgumentException.class, () -> Gemm.offsetB(src, 2100, rowAt, colAt));
        assertThrows(IllegalArgumentException.class, () -> Gemm.offsetB(src, -1094, rowAt, colAt)); // the first element at −1
    }
}
