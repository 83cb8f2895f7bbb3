package dev.shears.codec.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.tensor.Parallel;
import dev.shears.tensor.random.Rng;
import org.junit.jupiter.api.Test;

class CompressedProductTest {

    /**
     * Property: for every format, {@code y = x·Wᵀ} computed on the stored form equals the naive double
     * product of the decoded matrix within the float summation bound
     * |error| ≤ (m + P + 2)·2⁻²⁴·Σ_j |W_ij·x_j| (recursive summation of m terms, then P block partials).
     */
    @Test void productOnCompressedFormMatchesDenseReference() {
        qt().withExamples(120).forAll(longs().all(), integers().between(0, 40), integers().between(0, 40), integers().between(1, 5))
                .checkAssert((seed, rows, cols, batch) -> {
                    float[] w = RandomMatrices.quantize(RandomMatrices.sparse(seed, rows, cols), (int) Math.floorMod(seed, 5), 8, seed);
                    float[] x = new float[batch * cols];
                    new Rng(seed ^ 1).fillUniform(x, -1f, 1f);
                    for (MatrixFormat f : MatrixFormat.values()) {
                        float[] y = new float[batch * rows];
                        f.encode(w, rows, cols).multiply(x, y, batch);
                        for (int t = 0; t < batch; t++) {
                            for (int i = 0; i < rows; i++) {
                                double ref = 0, mag = 0;
                                for (int j = 0; j < cols; j++) {
                                    ref += (double) w[i * cols + j] * x[t * cols + j];
                                    mag += Math.abs((double) w[i * cols + j] * x[t * cols + j]);
                                }
                                double tol = (cols + ColumnBlocks.MAX_BLOCKS + 2) * 0x1p-24 * mag;
                                assertTrue(Math.abs(y[t * rows + i] - ref) <= tol, f + " y[" + t + "," + i + "] = " + y[t * rows + i] + " vs " + ref);
                            }
                        }
                    }
                });
    }

    /**
     * Skewed value frequencies give sHAM codewords longer than its multi-symbol lookup table, exercising the
     * one-codeword fallback inside the tuned path; compared with the naive product and, bitwise, with the
     * reference path.
     */
    @Test void longCodewordsInTheTunedShamPath() {
        int rows = 300, cols = 37;
        Rng rng = new Rng(4);
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            int level = Long.numberOfTrailingZeros(rng.nextLong() | (1L << 20)); // P(level = l) = 2^-(l+1)
            w[i] = rng.nextInt(4) == 0 ? 0f : 0.25f * (level + 1);
        }
        ShamMatrix m = (ShamMatrix) MatrixFormat.SHAM.encode(w, rows, cols);
        float[] x = new float[cols], y = new float[rows];
        rng.fillUniform(x, -1f, 1f);
        m.multiply(x, y, 1);
        assertTunedEqualsReference(m, 4);
        for (int i = 0; i < rows; i++) {
            double ref = 0, mag = 0;
            for (int j = 0; j < cols; j++) {
                ref += (double) w[i * cols + j] * x[j];
                mag += Math.abs((double) w[i * cols + j] * x[j]);
            }
            assertTrue(Math.abs(y[i] - ref) <= (cols + 18) * 0x1p-24 * mag, "row " + i);
        }
    }

    /**
     * Property: the matrix-vector paths (HAM run tables, sHAM's tuned product at batch 1) give exactly the
     * bits of the batched products: a batch of two copies of x yields the matvec result twice.
     */
    @Test void matvecEqualsBatchedProductBitwise() {
        qt().withExamples(60).forAll(longs().all(), integers().between(1, 70), integers().between(1, 70)).checkAssert((seed, rows, cols) -> {
            float[] w = RandomMatrices.quantize(RandomMatrices.sparse(seed, rows, cols), 2, 1 + (int) Math.floorMod(seed, 50), seed);
            float[] x = new float[cols], xx = new float[2 * cols];
            new Rng(seed).fillUniform(x, -1f, 1f);
            System.arraycopy(x, 0, xx, 0, cols);
            System.arraycopy(x, 0, xx, cols, cols);
            for (MatrixFormat f : MatrixFormat.values()) {
                EncodedMatrix m = f.encode(w, rows, cols);
                float[] y = new float[rows], yy = new float[2 * rows];
                m.multiply(x, y, 1);
                m.multiply(xx, yy, 2);
                assertArrayEquals(y, java.util.Arrays.copyOfRange(yy, 0, rows), f + " first copy");
                assertArrayEquals(y, java.util.Arrays.copyOfRange(yy, rows, 2 * rows), f + " second copy");
            }
        });
    }

    /**
     * Property: on sHAM matrices large enough for several decode chunks per column block, with streams of
     * unequal lengths (random empty columns and rows), the tuned product (multi-symbol decoding) gives exactly
     * the bits of the reference path that decodes one codeword at a time, for a vector and for a batch.
     */
    @Test void tunedShamProductEqualsReferencePathOnLargeMatrices() {
        qt().withExamples(25).forAll(longs().all(), integers().between(1, 400), integers().between(1, 90)).checkAssert((seed, rows, cols) -> {
            float[] w = RandomMatrices.quantize(RandomMatrices.sparse(seed, rows, cols), 2, 1 + (int) Math.floorMod(seed, 64), seed);
            assertTunedEqualsReference((ShamMatrix) MatrixFormat.SHAM.encode(w, rows, cols), seed);
        });
    }

    private static void assertTunedEqualsReference(ShamMatrix m, long seed) {
        for (int batch : new int[] {1, 3}) {
            float[] x = new float[batch * m.cols()];
            new Rng(seed).fillUniform(x, -1f, 1f);
            float[] y = new float[batch * m.rows()], ref = new float[batch * m.rows()];
            m.multiply(x, y, batch);
            m.referenceProduct(x, ref, batch);
            assertArrayEquals(ref, y, "batch " + batch);
        }
    }

    /** The fixed column partition makes products bitwise identical for 1 and 3 threads. */
    @Test void productsDoNotDependOnThreadCount() {
        float[] w = RandomMatrices.quantize(RandomMatrices.sparse(5, 64, 200), 2, 16, 5);
        float[] x = new float[3 * 200];
        new Rng(2).fillUniform(x, -1f, 1f);
        int before = Parallel.threads();
        try {
            for (MatrixFormat f : MatrixFormat.values()) {
                EncodedMatrix m = f.encode(w, 64, 200);
                for (int batch : new int[] {1, 3}) {
                    float[] y1 = new float[batch * 64], y3 = new float[batch * 64];
                    Parallel.setThreads(1);
                    m.multiply(x, y1, batch);
                    Parallel.setThreads(3);
                    m.multiply(x, y3, batch);
                    assertArrayEquals(y1, y3, f + " batch " + batch);
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }
}
