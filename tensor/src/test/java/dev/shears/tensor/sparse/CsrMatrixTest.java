package dev.shears.tensor.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.tensor.Parallel;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * CSR construction, validation and both products. Products are checked two ways: bitwise against a naive
 * float loop that sums in the documented order (stored entries by increasing column), and against a double
 * dense product within the float error bound {@code |err| <= (nnz_row + 1)·2^-24·Σ|s·x|} of a length
 * {@code nnz_row} recursive sum (Higham, Accuracy and Stability of Numerical Algorithms, §3.1).
 */
class CsrMatrixTest {

    private static final double U = 0x1.0p-24;
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() { Parallel.setThreads(savedThreads); }

    /** A dense [rows, cols] matrix with roughly {@code density} of its entries non-zero, some rows empty. */
    private static float[] sparseDense(Rng rng, int rows, int cols, double density) {
        float[] d = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            boolean emptyRow = rng.nextInt(5) == 0;
            for (int j = 0; j < cols; j++) {
                if (!emptyRow && rng.nextDouble() < density) d[i * cols + j] = rng.nextFloat() * 2f - 1f;
            }
        }
        return d;
    }

    private static float[] uniform(Rng rng, int n) {
        float[] a = new float[n];
        rng.fillUniform(a, -1f, 1f);
        return a;
    }

    // ---- construction -------------------------------------------------------------------------------

    @Test
    void denseToCsrToDenseRoundTripsKeepingExactlyTheEntriesAboveTheThreshold() {
        qt().withExamples(200).withFixedSeed(11)
                .forAll(integers().between(0, 9), integers().between(0, 9), doubles().between(0, 1), longs().all())
                .checkAssert((rows, cols, density, seed) -> {
                    Rng rng = new Rng(seed);
                    float[] d = sparseDense(rng, rows, cols, density);
                    float t = rng.nextFloat() * 0.5f;
                    float[] padded = new float[d.length + 3];
                    System.arraycopy(d, 0, padded, 3, d.length);
                    CsrMatrix s = CsrMatrix.fromDense(padded, 3, rows, cols, t);
                    float[] expected = d.clone();
                    int kept = 0;
                    for (int i = 0; i < expected.length; i++) {
                        if (Math.abs(expected[i]) > t) kept++;
                        else expected[i] = 0f;
                    }
                    assertEquals(kept, s.nnz());
                    float[] back = new float[rows * cols + 2];
                    Arrays.fill(back, Float.NaN);
                    s.toDense(back, 1);
                    assertArrayEquals(expected, Arrays.copyOfRange(back, 1, 1 + rows * cols));
                    assertTrue(Float.isNaN(back[0]) && Float.isNaN(back[back.length - 1]), "toDense wrote outside its range");
                    // the arrays it exposes are valid CSR and rebuild the same matrix
                    CsrMatrix again = CsrMatrix.of(rows, cols, s.rowPtr(), s.colIdx(), s.values());
                    assertArrayEquals(expected, again.toTensor().toArray());
                });
    }

    @Test
    void maskKeepsMaskedEntriesEvenWhenTheyAreZero() {
        qt().withExamples(100).withFixedSeed(12)
                .forAll(integers().between(0, 8), integers().between(0, 8), longs().all())
                .checkAssert((rows, cols, seed) -> {
                    Rng rng = new Rng(seed);
                    float[] d = sparseDense(rng, rows, cols, 0.5);
                    float[] mask = new float[rows * cols];
                    int kept = 0;
                    for (int i = 0; i < mask.length; i++) if (rng.nextInt(2) == 0) { mask[i] = 1f; kept++; }
                    CsrMatrix s = CsrMatrix.fromDense(Tensor.of(d, rows, cols), Tensor.of(mask, rows, cols));
                    assertEquals(kept, s.nnz());
                    float[] back = s.toDense(), expected = new float[d.length];
                    for (int i = 0; i < d.length; i++) expected[i] = mask[i] != 0f ? d[i] : 0f;
                    assertArrayEquals(expected, back);
                });
    }

    @Test
    void nanWeightsAreKeptByTheThreshold() {
        CsrMatrix s = CsrMatrix.fromDense(new float[] {0f, Float.NaN, 0.1f, -3f}, 0, 2, 2, 0.5f);
        assertEquals(2, s.nnz());
        assertTrue(Float.isNaN(s.values()[0]));
        assertEquals(-3f, s.values()[1]);
    }

    @Test
    void higherRankTensorsAreSeenAsFirstDimensionByTheRest() {
        Tensor w = Tensor.arange(24).reshape(2, 3, 2, 2); // a conv weight [oc, ic, kh, kw]
        CsrMatrix s = CsrMatrix.fromDense(w, 10.5f);
        assertEquals(2, s.rows());
        assertEquals(12, s.cols());
        assertEquals(13, s.nnz()); // 11 .. 23
        float[] expected = w.toArray();
        Arrays.fill(expected, 0, 11, 0f);
        assertArrayEquals(expected, s.toDense());
        CsrMatrix empty = CsrMatrix.fromDense(Tensor.zeros(0, 5), 0f);
        assertEquals(0, empty.rows());
        assertEquals(5, empty.cols());
        assertThrows(IllegalArgumentException.class, () -> CsrMatrix.fromDense(Tensor.scalar(1f), 0f));
    }

    @Test
    void invalidArraysAreRejectedWithMessagesNamingTheProblem() {
        assertMessage("rowPtr has 2 entries, expected rows + 1 = 3",
                () -> CsrMatrix.of(2, 2, new int[] {0, 0}, new int[0], new float[0]));
        assertMessage("rowPtr[0] = 1",
                () -> CsrMatrix.of(1, 2, new int[] {1, 1}, new int[0], new float[0]));
        assertMessage("rowPtr not monotone: rowPtr[1] = 2 > rowPtr[2] = 1",
                () -> CsrMatrix.of(2, 3, new int[] {0, 2, 1}, new int[] {0, 1}, new float[2]));
        assertMessage("rowPtr[rows] = 2 but colIdx has 1 and values has 2",
                () -> CsrMatrix.of(1, 3, new int[] {0, 2}, new int[] {0}, new float[2]));
        assertMessage("column index 3 of entry 1 (row 0) outside [0, 3)",
                () -> CsrMatrix.of(1, 3, new int[] {0, 2}, new int[] {0, 3}, new float[2]));
        assertMessage("column index -1 of entry 0",
                () -> CsrMatrix.of(1, 3, new int[] {0, 1}, new int[] {-1}, new float[1]));
        assertMessage("column indices of row 1 not strictly increasing: 2 then 2 at entry 2",
                () -> CsrMatrix.of(2, 3, new int[] {0, 1, 3}, new int[] {0, 2, 2}, new float[3]));
        assertMessage("column indices of row 0 not strictly increasing: 2 then 1",
                () -> CsrMatrix.of(1, 3, new int[] {0, 2}, new int[] {2, 1}, new float[2]));
        assertMessage("threshold is NaN", () -> CsrMatrix.fromDense(new float[4], 0, 2, 2, Float.NaN));
        assertMessage("dense [2x3] at offset 1 exceeds array of 6", () -> CsrMatrix.fromDense(new float[6], 1, 2, 3, 0f));
        assertMessage("mask shape [3, 2] differs from weight shape [2, 3]",
                () -> CsrMatrix.fromDense(Tensor.zeros(2, 3), Tensor.zeros(3, 2)));
        CsrMatrix s = CsrMatrix.fromDense(new float[] {1, 2, 3, 4, 5, 6}, 0, 2, 3, 0f);
        assertMessage("ldX = 2 < columns 4", () -> s.sparseTimesDense(new float[12], 0, 2, 4, new float[8], 0, 4));
        assertMessage("X [3x4, ld 4, offset 1] exceeds array of 12",
                () -> s.sparseTimesDense(new float[12], 1, 4, 4, new float[8], 0, 4));
        assertMessage("Y [2x4, ld 5, offset 0] exceeds array of 8",
                () -> s.sparseTimesDense(new float[12], 0, 4, 4, new float[8], 0, 5));
        assertMessage("Y [5x2, ld 2, offset 0] exceeds array of 9",
                () -> s.denseTimesTransposed(5, new float[15], 0, 3, new float[9], 0, 2));
        assertMessage("[2, 3] times [2, 3]", () -> s.sparseTimesDense(Tensor.zeros(2, 3)));
        assertMessage("[4, 2] times ([2, 3])ᵀ", () -> s.denseTimesTransposed(Tensor.zeros(4, 2)));
    }

    private static void assertMessage(String fragment, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(fragment), () -> "message \"" + e.getMessage() + "\" lacks \"" + fragment + "\"");
    }

    // ---- products -----------------------------------------------------------------------------------

    /** Naive S·X in the documented order: per output, s = 0; s += v·x over stored entries. */
    private static float[] naiveSparseTimesDense(CsrMatrix s, float[] x, int n) {
        int[] rp = s.rowPtr(), ci = s.colIdx();
        float[] v = s.values(), y = new float[s.rows() * n];
        for (int i = 0; i < s.rows(); i++) {
            for (int j = 0; j < n; j++) {
                float acc = 0f;
                for (int p = rp[i]; p < rp[i + 1]; p++) acc += v[p] * x[ci[p] * n + j];
                y[i * n + j] = acc;
            }
        }
        return y;
    }

    /** Dense S·X in double, with the error bound of each float output. */
    private static void assertCloseToDoubleProduct(float[] dense, int m, int k, float[] x, int n, float[] y, int nnzMax) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double exact = 0, abs = 0;
                for (int p = 0; p < k; p++) {
                    double t = (double) dense[i * k + p] * x[p * n + j];
                    exact += t;
                    abs += Math.abs(t);
                }
                double tol = (nnzMax + 1) * U * abs;
                assertEquals(exact, y[i * n + j], tol, "Y[" + i + ", " + j + "]");
            }
        }
    }

    @Test
    void sparseTimesDenseEqualsTheNaiveOrderedSumAndTheDenseProduct() {
        qt().withExamples(150).withFixedSeed(21)
                .forAll(integers().between(0, 12), integers().between(0, 12), integers().between(0, 40), longs().all())
                .checkAssert((m, k, n, seed) -> {
                    Rng rng = new Rng(seed);
                    float[] d = sparseDense(rng, m, k, rng.nextDouble());
                    CsrMatrix s = CsrMatrix.fromDense(d, 0, m, k, 0f);
                    float[] x = uniform(rng, k * n);
                    // Y with a leading dimension wider than n: the gap must stay untouched
                    int ldy = n + 2;
                    float[] y = new float[m * ldy + 1];
                    Arrays.fill(y, Float.NaN);
                    s.sparseTimesDense(x, 0, n, n, y, 1, ldy);
                    float[] got = new float[m * n];
                    for (int i = 0; i < m; i++) {
                        System.arraycopy(y, 1 + i * ldy, got, i * n, n);
                        for (int j = n; j < ldy && 1 + i * ldy + j < y.length; j++) {
                            assertTrue(Float.isNaN(y[1 + i * ldy + j]), "wrote into the ld gap");
                        }
                    }
                    assertTrue(Float.isNaN(y[0]));
                    assertBitwise(naiveSparseTimesDense(s, x, n), got);
                    assertCloseToDoubleProduct(d, m, k, x, n, got, k);
                });
    }

    @Test
    void denseTimesTransposedEqualsTheNaiveOrderedSumAndTheDenseProduct() {
        qt().withExamples(150).withFixedSeed(22)
                .forAll(integers().between(0, 12), integers().between(0, 12), integers().between(0, 80), longs().all())
                .checkAssert((m, k, b, seed) -> {
                    Rng rng = new Rng(seed);
                    float[] d = sparseDense(rng, m, k, rng.nextDouble());
                    CsrMatrix s = CsrMatrix.fromDense(d, 0, m, k, 0f);
                    float[] x = uniform(rng, b * k);
                    float[] y = s.denseTimesTransposed(Tensor.of(x, b, k)).toArray();
                    // X·Sᵀ = (S·Xᵀ)ᵀ: reuse both references on Xᵀ
                    float[] xt = new float[k * b];
                    for (int r = 0; r < b; r++) for (int c = 0; c < k; c++) xt[c * b + r] = x[r * k + c];
                    float[] yt = new float[m * b];
                    for (int r = 0; r < b; r++) for (int i = 0; i < m; i++) yt[i * b + r] = y[r * m + i];
                    assertBitwise(naiveSparseTimesDense(s, xt, b), yt);
                    assertCloseToDoubleProduct(d, m, k, xt, b, yt, k);
                });
    }

    /**
     * Sizes chosen so that every path splits into many tasks: S·X has 3 column blocks and several row
     * blocks, X·Sᵀ has several row blocks on the small-batch gather path (b = 5) and 3 batch blocks on the
     * transposed path (b = 150).
     */
    @Test
    void productsAreBitwiseIdenticalOnOneTwoAndThreeThreads() {
        Rng rng = new Rng(7);
        int m = 512, k = 512, n = 1100;
        float[] d = sparseDense(rng, m, k, 0.5);
        CsrMatrix s = CsrMatrix.fromDense(d, 0, m, k, 0f);
        float[] x = uniform(rng, k * n);
        int[] batches = {5, 150};
        float[][] xb = {uniform(rng, batches[0] * k), uniform(rng, batches[1] * k)};
        float[][] ys = new float[3][];
        float[][][] yts = new float[2][3][];
        for (int t = 1; t <= 3; t++) {
            Parallel.setThreads(t);
            ys[t - 1] = new float[m * n];
            s.sparseTimesDense(x, 0, n, n, ys[t - 1], 0, n);
            for (int v = 0; v < 2; v++) {
                yts[v][t - 1] = new float[batches[v] * m];
                s.denseTimesTransposed(batches[v], xb[v], 0, k, yts[v][t - 1], 0, m);
            }
        }
        for (int t = 1; t < 3; t++) {
            assertBitwise(ys[0], ys[t]);
            assertBitwise(yts[0][0], yts[0][t]);
            assertBitwise(yts[1][0], yts[1][t]);
        }
        assertBitwise(naiveSparseTimesDense(s, x, n), ys[0]);
        // the gather path (b = 5) and the transposed path agree with each other on the same rows
        float[] first5 = new float[5 * m];
        s.denseTimesTransposed(5, xb[1], 0, k, first5, 0, m);
        assertBitwise(java.util.Arrays.copyOf(yts[1][0], 5 * m), first5);
    }

    @Test
    void emptyShapesAndAllZeroMatricesOverwriteTheOutputWithZeros() {
        CsrMatrix zero = CsrMatrix.fromDense(new float[12], 0, 3, 4, 0f);
        assertEquals(0, zero.nnz());
        assertEquals(0.0, zero.density());
        float[] y = new float[3 * 5];
        Arrays.fill(y, Float.NaN);
        zero.sparseTimesDense(new float[4 * 5], 0, 5, 5, y, 0, 5);
        assertArrayEquals(new float[15], y);
        float[] yt = new float[2 * 3];
        Arrays.fill(yt, Float.NaN);
        zero.denseTimesTransposed(2, new float[8], 0, 4, yt, 0, 3);
        assertArrayEquals(new float[6], yt);

        CsrMatrix noCols = CsrMatrix.of(2, 0, new int[] {0, 0, 0}, new int[0], new float[0]);
        assertArrayEquals(new float[6], noCols.sparseTimesDense(Tensor.zeros(0, 3)).toArray());
        float[] y2 = {Float.NaN, Float.NaN};
        noCols.denseTimesTransposed(1, new float[0], 0, 0, y2, 0, 2);
        assertArrayEquals(new float[2], y2);

        CsrMatrix noRows = CsrMatrix.of(0, 3, new int[] {0}, new int[0], new float[0]);
        assertEquals(0, noRows.sparseTimesDense(Tensor.ones(3, 4)).numel());
        assertArrayEquals(new int[] {2, 0}, noRows.denseTimesTransposed(Tensor.ones(2, 3)).shape());
        assertEquals(0, zero.sparseTimesDense(Tensor.zeros(4, 0)).numel());
        assertEquals(0, zero.denseTimesTransposed(Tensor.zeros(0, 4)).numel());
    }

    private static void assertBitwise(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, "length");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                throw new AssertionError("element " + i + ": expected " + expected[i] + " got " + actual[i]);
            }
        }
    }
}
