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

    private static final java.lang.invoke.VarHandle BIG_ENDIAN_LONG =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    /** The stream bytes of {@code words} (big-endian) followed by 8 zero bytes, for {@link #window57}. */
    public static byte[] paddedBytes(long[] words) {
        byte[] b = new byte[words.length * 8 + 8];
        for (int i = 0; i < words.length; i++) BIG_ENDIAN_LONG.set(b, i * 8, words[i]);
        return b;
    }

    /**
     * At least the 57 bits of the stream starting at bit {@code pos} at the top of the result (lower bits
     * are stream bits too or zero): one unaligned load and a shift, no branches. {@code bytes} comes from
     * {@link #paddedBytes} and {@code pos} must lie within the stream.
     */
    public static long window57(byte[] bytes, long pos) {
        return (long) BIG_ENDIAN_LONG.get(bytes, (int) (pos >>> 3)) << (pos & 7);
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
