package dev.shears.tensor.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shears.tensor.Parallel;
import dev.shears.tensor.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link Gemm#sgemmSum} equals, bitwise, its products computed one after the other by {@link ReferenceGemm}
 * (the first with beta, the next with 1), for 1 and 2 threads, with C's columns scattered.
 */
class GemmSumTest {

    /** m, n, beta, then the depths of the segments. */
    private static final Object[][] CASES = {
        {13, 70, 0f, new int[] {300}},                // one segment, two chains
        {47, 64, 0f, new int[] {512, 512, 512, 512}}, // a 4×4 corner of 512 channels: four taps
        {25, 100, 1f, new int[] {100, 30, 257}},      // short segments, chains restarting at each
        {12, 40, 0.5f, new int[] {1100, 7}},          // a segment cut into two slices of its packed A (KB)
        {9, 2100, -1f, new int[] {40, 60}},           // two column blocks (NC)
        {30, 1100, 0f, new int[] {1024, 1024, 300}},  // pieces that do not fit one packed-B slice together
    };

    @Test
    void equalsTheProductsOneAfterTheOther() {
        int saved = Parallel.threads();
        try {
            for (int i = 0; i < CASES.length; i++) {
                int m = (int) CASES[i][0], n = (int) CASES[i][1];
                float beta = (float) CASES[i][2];
                int[] depths = (int[]) CASES[i][3];
                Rng rng = new Rng(100 + i);
                float[][] a = new float[depths.length][], b = new float[depths.length][];
                for (int s = 0; s < depths.length; s++) {
                    a[s] = uniform(rng, m * depths[s]);
                    b[s] = uniform(rng, depths[s] * n);
                }
                // C's columns scattered: column j at 3·j + 1 of rows ldc apart, in reverse order
                int ldc = 3 * n + 2;
                int[] colAt = new int[n];
                for (int j = 0; j < n; j++) colAt[j] = 3 * (n - 1 - j) + 1;
                float[] c0 = uniform(rng, 2 + m * ldc);
                if (beta == 0f) c0[2 + colAt[0]] = Float.NaN; // overwritten, not propagated

                float[] dense = new float[m * n];
                for (int r = 0; r < m; r++) for (int j = 0; j < n; j++) dense[r * n + j] = c0[2 + r * ldc + colAt[j]];
                for (int s = 0; s < depths.length; s++) {
                    ReferenceGemm.sgemm(false, false, m, n, depths[s], 1f, a[s], 0, depths[s], b[s], 0, n, s == 0 ? beta : 1f, dense, 0, n);
                }
                float[] want = c0.clone();
                for (int r = 0; r < m; r++) for (int j = 0; j < n; j++) want[2 + r * ldc + colAt[j]] = dense[r * n + j];

                for (int threads = 1; threads <= 2; threads++) {
                    Parallel.setThreads(threads);
                    PackedA[] pa = new PackedA[depths.length];
                    PackedB[] pb = new PackedB[depths.length];
                    for (int s = 0; s < depths.length; s++) {
                        pa[s] = Gemm.packA(false, m, depths[s], a[s], 0, depths[s], null);
                        float[] bs = b[s];
                        pb[s] = (p0, kc, j0, cols, nr, dst, dstOff) -> PanelPacking.packB(false, bs, 0, n, p0, kc, j0, cols, nr, dst, dstOff);
                    }
                    float[] got = c0.clone();
                    Gemm.sgemmSum(pa, pb, beta, got, 2, ldc, colAt);
                    for (int e = 0; e < want.length; e++) {
                        int at = e, cs = i, th = threads;
                        assertEquals(Float.floatToRawIntBits(want[at]), Float.floatToRawIntBits(got[at]),
                                () -> "case " + cs + ", " + th + " threads, element " + at + ": " + want[at] + " vs " + got[at]);
                    }
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void segmentsOfNoDepthScaleC() {
        PackedA empty = Gemm.packA(false, 2, 0, new float[0], 0, 0, null);
        float[] c = {1f, 2f, 3f, 4f};
        Gemm.sgemmSum(new PackedA[] {empty}, new PackedB[] {(p0, kc, j0, cols, nr, dst, dstOff) -> { }}, 2f, c, 0, 2, new int[] {1});
        assertEquals(Arrays.toString(new float[] {1f, 4f, 3f, 8f}), Arrays.toString(c));
    }

    @Test
    void rejectsMismatchedSegmentsAndCOutsideItsArray() {
        PackedA a = Gemm.packA(false, 3, 4, new float[12], 0, 4, null), b = Gemm.packA(false, 2, 4, new float[8], 0, 4, null);
        PackedB zeros = (p0, kc, j0, cols, nr, dst, dstOff) -> Arrays.fill(dst, dstOff, dstOff + kc * nr, 0f);
        assertThrows(IllegalArgumentException.class, () -> Gemm.sgemmSum(new PackedA[0], new PackedB[0], 0f, new float[9], 0, 3, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> Gemm.sgemmSum(new PackedA[] {a}, new PackedB[] {zeros, zeros}, 0f, new float[9], 0, 3, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> Gemm.sgemmSum(new PackedA[] {a, b}, new PackedB[] {zeros, zeros}, 0f, new float[9], 0, 3, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> Gemm.sgemmSum(new PackedA[] {a}, new PackedB[] {zeros}, 0f, new float[9], 0, 3, new int[] {3}));
        assertThrows(IllegalArgumentException.class, () -> Gemm.sgemmSum(new PackedA[] {a}, new PackedB[] {zeros}, 0f, new float[9], 0, 3, new int[] {-1}));
    }

    private static float[] uniform(Rng rng, int size) {
        float[] x = new float[size];
        rng.fillUniform(x, -1f, 1f);
        return x;
    }
}
