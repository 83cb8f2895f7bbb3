package dev.shears.codec.bits;

import java.util.Arrays;

/**
 * Appends bit strings to a stream of 64-bit words, most significant bit first: the first bit written is bit
 * 63 of word 0. Unused low bits of the last word are zero.
 */
public final class BitWriter {

    private long[] words = new long[16];
    private long bitCount;

    /** Appends the low {@code length} bits of {@code value} (0 ≤ length ≤ 64), most significant first. */
    public void write(long value, int length) {
        if (length < 0 || length > 64) throw new IllegalArgumentException("length must be in [0, 64], got " + length);
        if (length == 0) return;
        if (length < 64) value &= (1L << length) - 1;
        int w = (int) (bitCount >>> 6);
        int used = (int) (bitCount & 63);
        if (w + 1 >= words.length) words = Arrays.copyOf(words, Math.max(words.length * 2, w + 2));
        int free = 64 - used;
        if (length <= free) {
            words[w] |= value << (free - length);
        } else {
            int spill = length - free;
            words[w] |= value >>> spill;
            words[w + 1] |= value << (64 - spill);
        }
        bitCount += length;
    }

    /** Bits written so far. */
    public long bitCount() { return bitCount; }

    /** The written words, exactly {@code ceil(bitCount / 64)} of them. */
    public long[] toWords() { return Arrays.copyOf(words, wordsFor(bitCount)); }

    /** Words needed for {@code bits} bits. */
    public static int wordsFor(long bits) {
        long w = (bits + 63) >>> 6;
        if (w > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("bit stream too long: " + bits + " bits");
        return (int) w;
    }
}
