package dev.shears.codec.huffman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.codec.bits.BitReader;
import dev.shears.codec.bits.BitWriter;
import dev.shears.tensor.random.Rng;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;

class HuffmanCodeTest {

    private static long[] randomCounts(Rng rng, int k) {
        long[] c = new long[k];
        for (int i = 0; i < k; i++) c[i] = rng.nextInt(4) == 0 ? 0 : 1 + rng.nextInt(1 + rng.nextInt(5000));
        return c;
    }

    /** Naive reference: the cost of an optimal prefix code is the sum of all merged weights. */
    private static long optimalCost(long[] counts) {
        PriorityQueue<Long> pq = new PriorityQueue<>();
        for (long c : counts) if (c > 0) pq.add(c);
        if (pq.size() == 1) return pq.peek(); // 1-bit code for a lone symbol
        long cost = 0;
        while (pq.size() > 1) {
            long s = pq.poll() + pq.poll();
            cost += s;
            pq.add(s);
        }
        return cost;
    }

    /** Property: the code is optimal (equal cost to the naive Huffman reference), prefix-free and deterministic. */
    @Test void codeIsOptimalPrefixFreeAndDeterministic() {
        qt().withExamples(300).forAll(longs().all(), integers().between(1, 300)).checkAssert((seed, k) -> {
            long[] counts = randomCounts(new Rng(seed), k);
            HuffmanCode code = HuffmanCode.fromCounts(counts);
            boolean any = false;
            for (long c : counts) any |= c > 0;
            if (any) assertEquals(optimalCost(counts), code.encodedBits(counts));
            double kraft = 0;
            for (int s = 0; s < k; s++) {
                assertEquals(counts[s] > 0, code.length(s) > 0);
                if (code.length(s) > 0) kraft += Math.pow(2, -code.length(s));
            }
            assertTrue(kraft <= 1.0 + 1e-12);
            assertArrayEquals(code.lengths(), HuffmanCode.fromCounts(counts.clone()).lengths());
        });
    }

    /** Property: encoding a random symbol sequence and decoding it with the table decoder is the identity. */
    @Test void tableDecoderInvertsTheEncoder() {
        qt().withExamples(200).forAll(longs().all(), integers().between(1, 2000)).checkAssert((seed, k) -> {
            Rng rng = new Rng(seed);
            long[] counts = randomCounts(rng, k);
            counts[rng.nextInt(k)] += 1;
            HuffmanCode code = HuffmanCode.fromCounts(counts);
            HuffmanDecoder dec = new HuffmanDecoder(code);
            int[] msg = new int[500];
            BitWriter w = new BitWriter();
            for (int i = 0; i < msg.length; i++) {
                do { msg[i] = rng.nextInt(k); } while (counts[msg[i]] == 0);
                code.encode(w, msg[i]);
            }
            long[] words = w.toWords();
            long pos = 0;
            for (int i = 0; i < msg.length; i++) {
                int e = dec.decode(BitReader.window(words, pos));
                assertTrue(e >= 0);
                assertEquals(msg[i], HuffmanDecoder.symbol(e));
                pos += HuffmanDecoder.length(e);
            }
            assertEquals(w.bitCount(), pos);
        });
    }

    /** Fibonacci counts force a depth of k−1 in the optimal code; the limit must hold and decoding still work. */
    @Test void lengthLimitHoldsForFibonacciCounts() {
        int k = 60;
        long[] counts = new long[k];
        counts[0] = 1;
        counts[1] = 1;
        for (int i = 2; i < k; i++) counts[i] = counts[i - 1] + counts[i - 2];
        HuffmanCode code = HuffmanCode.fromCounts(counts);
        assertTrue(code.maxLength() <= HuffmanCode.MAX_LENGTH);
        HuffmanDecoder dec = new HuffmanDecoder(code);
        BitWriter w = new BitWriter();
        for (int s = 0; s < k; s++) code.encode(w, s);
        long[] words = w.toWords();
        long pos = 0;
        for (int s = 0; s < k; s++) {
            int e = dec.decode(BitReader.window(words, pos));
            assertEquals(s, HuffmanDecoder.symbol(e));
            pos += HuffmanDecoder.length(e);
        }
        double mean = (double) code.encodedBits(counts) / java.util.Arrays.stream(counts).sum();
        assertTrue(mean <= 1 + Math.log(k) / Math.log(2));
    }

    @Test void invalidLengthsAreRejectedAndIncompleteCodesDecodeToMinusOne() {
        assertThrows(IllegalArgumentException.class, () -> HuffmanCode.fromLengths(new int[] {1, 1, 1}));
        assertThrows(IllegalArgumentException.class, () -> HuffmanCode.fromLengths(new int[] {33}));
        HuffmanDecoder dec = new HuffmanDecoder(HuffmanCode.fromLengths(new int[] {1})); // only codeword "0"
        assertEquals(0, HuffmanDecoder.symbol(dec.decode(0L)));
        assertEquals(-1, dec.decode(-1L));
        HuffmanDecoder deep = new HuffmanDecoder(HuffmanCode.fromLengths(new int[] {1, 20})); // "0", "1000..."
        assertEquals(1, HuffmanDecoder.symbol(deep.decode(1L << 63)));
        assertEquals(-1, deep.decode(-1L));
    }
}
