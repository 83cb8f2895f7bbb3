package dev.shears.codec.bits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.tensor.random.Rng;
import org.junit.jupiter.api.Test;

class BitIoTest {

    /** Property: any sequence of (value, length) pieces reads back identically, in order. */
    @Test void writeThenReadReturnsTheSameBitStrings() {
        qt().withExamples(200).forAll(longs().all(), integers().between(0, 400)).checkAssert((seed, count) -> {
            Rng rng = new Rng(seed);
            int[] len = new int[count];
            long[] val = new long[count];
            BitWriter w = new BitWriter();
            long total = 0;
            for (int i = 0; i < count; i++) {
                len[i] = rng.nextInt(65);
                val[i] = len[i] == 64 ? rng.nextLong() : rng.nextLong() & ((1L << len[i]) - 1);
                w.write(val[i], len[i]);
                total += len[i];
            }
            assertEquals(total, w.bitCount());
            long[] words = w.toWords();
            assertEquals((total + 63) / 64, words.length);
            BitReader r = new BitReader(words);
            for (int i = 0; i < count; i++) assertEquals(val[i], r.read(len[i]), "piece " + i);
            assertEquals(total, r.position());
        });
    }

    @Test void windowPastTheEndIsZeroFilled() {
        BitWriter w = new BitWriter();
        w.write(0b101, 3);
        long[] words = w.toWords();
        assertEquals(0b101L << 61, BitReader.window(words, 0));
        assertEquals(0L, BitReader.window(words, 64));
        assertEquals(0L, BitReader.window(words, 1L << 40));
    }
}
