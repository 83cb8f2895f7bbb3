package dev.shears.codec.bits;

/**
 * Reads a most-significant-bit-first stream of 64-bit words written by {@link BitWriter}. Reading past the
 * last word yields zero bits; callers bound their reads by declared symbol counts and check the final
 * position against the stream length.
 */
public final class BitReader {

    private final long[] words;
    private long position;

    /** A reader at bit 0 of {@code words}. */
    public BitReader(long[] words) { this.words = words; }

    /** Current bit position. */
    public long position() { return position; }

    /** Moves to bit {@code position}. */
    public void seek(long position) {
        if (position < 0) throw new IllegalArgumentException("negative bit position " + position);
        this.position = position;
    }

    /** The 64 bits starting at the current position, most significant first, without consuming them. */
    public long peek64() { return window(words, position); }

    /** Consumes {@code n} bits. */
    public void skip(int n) { position += n; }

    /** Reads {@code n} bits (0 ≤ n ≤ 64) as an unsigned value. */
    public long read(int n) {
        if (n < 0 || n > 64) throw new IllegalArgumentException("n must be in [0, 64], got " + n);
        if (n == 0) return 0;
        long v = peek64() >>> (64 - n);
        position += n;
        return v;
    }

    /**
     * Like {@link #window} but without bounds logic: {@code padded} must end with one extra zero word and
     * {@code pos} must lie within the original words. Used by hot decode loops.
     */
    public static long windowPadded(long[] padded, long pos) {
        int i = (int) (pos >>> 6);
        int off = (int) pos & 63;
        return (padded[i] << off) | ((padded[i + 1] >>> 1) >>> (63 - off));
    }

    /**
     * The 64 bits of {@code words} starting at bit {@code pos}, zero-filled beyond the end. Static so hot
     * decode loops can keep the position in a local variable.
     */
    public static long window(long[] words, long pos) {
        long wi = pos >>> 6;
        if (wi >= words.length) return 0L;
        int i = (int) wi;
        int off = (int) (pos & 63);
        long hi = words[i] << off;
        if (off == 0 || i + 1 >= words.length) return hi;
        return hi | (words[i + 1] >>> (64 - off));
    }
}
