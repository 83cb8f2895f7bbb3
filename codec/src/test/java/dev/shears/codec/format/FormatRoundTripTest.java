package dev.shears.codec.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.codec.CodecFormatException;
import org.junit.jupiter.api.Test;

class FormatRoundTripTest {

    private static void roundTrip(float[] w, int rows, int cols) {
        for (MatrixFormat f : MatrixFormat.values()) {
            EncodedMatrix m = f.encode(w, rows, cols);
            assertEquals(rows, m.rows());
            assertEquals(cols, m.cols());
            assertArrayEquals(w, m.decode(), f + " decode");
            byte[] bytes = m.toBytes();
            assertEquals(bytes.length * 8L, m.size().totalBits(), f + " size accounting");
            EncodedMatrix back;
            try {
                back = f.read(bytes, Long.MAX_VALUE);
            } catch (CodecFormatException e) {
                throw new AssertionError(f + " rejected its own payload: " + e.getMessage(), e);
            }
            assertArrayEquals(w, back.decode(), f + " read back");
            assertArrayEquals(bytes, back.toBytes(), f + " re-serialization");
        }
    }

    /**
     * Property: for every format and quantizer, decode(encode(W)) = W bit for bit, the payload re-reads to
     * the same matrix and bytes, and the size report's total is exactly the payload length.
     */
    @Test void everyFormatAndQuantizerRoundTrips() {
        qt().withExamples(150).forAll(longs().all(), integers().between(0, 24), integers().between(0, 24), integers().between(0, 4))
                .checkAssert((seed, rows, cols, quant) -> {
                    float[] w = RandomMatrices.quantize(RandomMatrices.sparse(seed, rows, cols), quant, 1 + (int) Math.floorMod(seed, 40), seed);
                    roundTrip(w, rows, cols);
                });
    }

    @Test void edgeShapesRoundTrip() {
        roundTrip(new float[0], 0, 7);
        roundTrip(new float[0], 5, 0);
        roundTrip(new float[0], 0, 0);
        roundTrip(new float[] {0f}, 1, 1);
        roundTrip(new float[] {-2.5f}, 1, 1);
        roundTrip(new float[300], 20, 15);
        float[] same = new float[64];
        java.util.Arrays.fill(same, 0.125f);
        roundTrip(same, 8, 8);
        // Wide enough that sHAM pointers need 16 bits and HAM uses all 16 blocks.
        roundTrip(RandomMatrices.sparse(9, 300, 40), 300, 40);
    }

    /** sHAM picks the narrowest integer widths: 8 bits up to 256 rows / 255 nonzeros, 16 bits beyond. */
    @Test void shamUsesNarrowestWidths() {
        ShamMatrix small = (ShamMatrix) MatrixFormat.SHAM.encode(new float[] {1, 0, 0, 2}, 2, 2);
        assertEquals(8, small.rowIndexWidth());
        assertEquals(8, small.pointerWidth());
        float[] w = new float[300 * 2];
        java.util.Arrays.fill(w, 1f);
        ShamMatrix big = (ShamMatrix) MatrixFormat.SHAM.encode(w, 300, 2);
        assertEquals(16, big.rowIndexWidth());
        assertEquals(16, big.pointerWidth());
    }
}
