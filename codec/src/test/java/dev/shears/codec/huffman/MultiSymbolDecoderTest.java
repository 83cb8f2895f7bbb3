package dev.shears.codec.huffman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.codec.bits.BitReader;
import dev.shears.codec.bits.BitWriter;
import dev.shears.tensor.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MultiSymbolDecoderTest {

    /**
     * Random symbol counts of one of three shapes: uniform-ish, a single used symbol, or doubling counts
     * (2^i), whose optimal code has codewords far longer than any table, so the long-codeword fallback runs.
     */
    private static long[] randomCounts(Rng rng, int k) {
        long[] c = new long[k];
        switch (rng.nextInt(3)) {
            case 0 -> { for (int i = 0; i < k; i++) c[i] = rng.nextInt(4) == 0 ? 0 : 1 + rng.nextInt(1000); }
            case 1 -> c[rng.nextInt(k)] = 1;
            default -> { for (int i = 0; i < k; i++) c[i] = 1L << Math.min(i, 40); }
        }
        boolean any = false;
        for (long v : c) any |= v > 0;
        if (!any) c[0] = 1;
        return c;
    }

    /** A random message over the used symbols, encoded; {@code starts[i]} is the bit where symbol i starts. */
    private record Message(int[] symbols, long[] starts, byte[] stream, long bits) {
        static Message random(Rng rng, HuffmanCode code, long[] counts, int n) {
            int[] used = java.util.stream.IntStream.range(0, counts.length).filter(s -> counts[s] > 0).toArray();
            int[] msg = new int[n];
            long[] starts = new long[n + 1];
            BitWriter w = new BitWriter();
            for (int i = 0; i < n; i++) {
                // skewed towards short codewords, as in a quantized layer, but every used symbol can occur
                msg[i] = rng.nextInt(4) == 0 ? used[rng.nextInt(used.length)] : used[used.length - 1 - rng.nextInt(Math.min(used.length, 3))];
                starts[i] = w.bitCount();
                code.encode(w, msg[i]);
            }
            starts[n] = w.bitCount();
            return new Message(msg, starts, BitReader.paddedBytes(w.toWords()), w.bitCount());
        }
    }

    /** The reference: one codeword at a time with {@link HuffmanDecoder}. */
    private static int[] referenceDecode(HuffmanCode code, byte[] stream, long pos, int n) {
        HuffmanDecoder d = new HuffmanDecoder(code);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int e = d.decode(BitReader.window57(stream, pos));
            out[i] = HuffmanDecoder.symbol(e);
            pos += HuffmanDecoder.length(e);
        }
        return out;
    }

    private static int[] unsigned(byte[] b, int from, int n) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = b[from + i] & 0xff;
        return v;
    }

    /**
     * Property: decoding any run of symbols [from, to) of a message with any table size gives the reference
     * decoder's symbols and ends exactly where symbol {@code to} starts.
     */
    @Test void decodeMatchesTheReferenceDecoder() {
        qt().withExamples(300).forAll(longs().all(), integers().between(1, 256), integers().between(1, MultiSymbolDecoder.MAX_TABLE_BITS), integers().between(0, 3000))
                .checkAssert((seed, k, tableBits, n) -> {
                    Rng rng = new Rng(seed);
                    long[] counts = randomCounts(rng, k);
                    HuffmanCode code = HuffmanCode.fromCounts(counts);
                    MultiSymbolDecoder fast = MultiSymbolDecoder.of(code, tableBits);
                    Message m = Message.random(rng, code, counts, n);
                    int from = n == 0 ? 0 : rng.nextInt(n + 1), to = from + (n == from ? 0 : rng.nextInt(n - from + 1));
                    byte[] out = new byte[to + MultiSymbolDecoder.OUTPUT_SLACK];
                    long end = fast.decode(m.stream(), m.starts()[from], out, from, to);
                    assertEquals(m.starts()[to], end);
                    assertArrayEquals(referenceDecode(code, m.stream(), m.starts()[from], to - from), unsigned(out, from, to - from));
                    assertArrayEquals(Arrays.copyOfRange(m.symbols(), from, to), unsigned(out, from, to - from));
                });
    }

    /**
     * Property: decoding four streams together (different lengths, empty ones included) gives what four
     * separate decodes give, and leaves each position after its last codeword.
     */
    @Test void decodeFourMatchesFourSingleDecodes() {
        qt().withExamples(200).forAll(longs().all(), integers().between(1, 64), integers().between(1, MultiSymbolDecoder.MAX_TABLE_BITS))
                .checkAssert((seed, k, tableBits) -> {
                    Rng rng = new Rng(seed);
                    long[] counts = randomCounts(rng, k);
                    HuffmanCode code = HuffmanCode.fromCounts(counts);
                    MultiSymbolDecoder fast = MultiSymbolDecoder.of(code, tableBits);
                    int stride = 8 + rng.nextInt(600);
                    int[] count = new int[4];
                    for (int w = 0; w < 4; w++) count[w] = rng.nextInt(5) == 0 ? 0 : rng.nextInt(stride - MultiSymbolDecoder.OUTPUT_SLACK + 1);
                    int total = Arrays.stream(count).sum();
                    Message m = Message.random(rng, code, counts, total);
                    long[] pos = new long[4];
                    int[] first = new int[4];
                    for (int w = 1; w < 4; w++) first[w] = first[w - 1] + count[w - 1];
                    for (int w = 0; w < 4; w++) pos[w] = m.starts()[first[w]];
                    byte[] out = new byte[4 * stride];
                    fast.decodeFour(m.stream(), pos, out, stride, count);
                    for (int w = 0; w < 4; w++) {
                        assertEquals(m.starts()[first[w] + count[w]], pos[w], "end of stream " + w);
                        assertArrayEquals(Arrays.copyOfRange(m.symbols(), first[w], first[w] + count[w]), unsigned(out, w * stride, count[w]), "stream " + w);
                    }
                });
    }

    @Test void largeOrEmptyAlphabetsHaveNoBulkDecoder() {
        assertNull(MultiSymbolDecoder.of(HuffmanCode.fromCounts(new long[257]), 8));
        long[] big = new long[257];
        Arrays.fill(big, 1);
        assertNull(MultiSymbolDecoder.of(HuffmanCode.fromCounts(big), 8));
        assertNotNull(MultiSymbolDecoder.of(HuffmanCode.fromCounts(Arrays.copyOf(big, 256)), 8));
        assertThrows(IllegalArgumentException.class, () -> MultiSymbolDecoder.of(HuffmanCode.fromCounts(new long[] {1, 1}), 0));
        assertThrows(IllegalArgumentException.class, () -> MultiSymbolDecoder.of(HuffmanCode.fromCounts(new long[] {1, 1}), MultiSymbolDecoder.MAX_TABLE_BITS + 1));
    }

    /** A pattern that is no codeword (incomplete code "0" only, stream of ones) fails cleanly, in both paths. */
    @Test void patternsThatAreNoCodewordAreRejected() {
        MultiSymbolDecoder d = MultiSymbolDecoder.of(HuffmanCode.fromLengths(new int[] {1}), 4);
        byte[] ones = BitReader.paddedBytes(new long[] {-1L, -1L});
        assertThrows(IllegalStateException.class, () -> d.decode(ones, 0, new byte[40], 0, 30));
        assertThrows(IllegalStateException.class, () -> d.decode(ones, 0, new byte[40], 0, 1));
        assertThrows(IllegalStateException.class, () -> d.decodeFour(ones, new long[4], new byte[4 * 40], 40, new int[] {30, 30, 30, 30}));
    }
}
