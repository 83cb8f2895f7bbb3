package dev.shears.codec.format;

/**
 * Nonnegative integers stored with the narrowest width that fits their maximum: 8, 16 or 32 bits
 * (the sHAM index arrays, Marinò et al. 2021 §4).
 */
public final class NarrowInts {

    private final int width;
    private final byte[] b8;
    private final short[] b16;
    private final int[] b32;

    private NarrowInts(int width, int n) {
        this.width = width;
        b8 = width == 8 ? new byte[n] : null;
        b16 = width == 16 ? new short[n] : null;
        b32 = width == 32 ? new int[n] : null;
    }

    /** Zeroed storage for {@code n} values of {@code width} bits. */
    public static NarrowInts allocate(int n, int width) { return new NarrowInts(width, n); }

    /** The width needed for values up to {@code max}. */
    public static int widthFor(long max) { return max <= 0xff ? 8 : max <= 0xffff ? 16 : 32; }

    /** Copies {@code values} (all ≥ 0) into the narrowest width. */
    public static NarrowInts of(int[] values, int from, int to) {
        int max = 0;
        for (int i = from; i < to; i++) max = Math.max(max, values[i]);
        NarrowInts v = new NarrowInts(widthFor(max), to - from);
        for (int i = from; i < to; i++) v.set(i - from, values[i]);
        return v;
    }

    /** Bits per value. */
    public int width() { return width; }

    /** Number of values. */
    public int size() { return width == 8 ? b8.length : width == 16 ? b16.length : b32.length; }

    /** Value {@code i} (unsigned). */
    public int get(int i) {
        return switch (width) {
            case 8 -> b8[i] & 0xff;
            case 16 -> b16[i] & 0xffff;
            default -> b32[i];
        };
    }

    /**
     * {@code acc[get(p)] += values[sym[s] & 0xff] · scale} for p in [from, to), s = symFrom + (p − from):
     * the sHAM scatter of one column's decoded nonzeros, with the width dispatch outside the loop.
     */
    void scatterAdd(int from, int to, byte[] sym, int symFrom, float[] values, float scale, float[] acc) {
        int d = symFrom - from;
        switch (width) {
            case 8 -> { for (int p = from; p < to; p++) acc[b8[p] & 0xff] += values[sym[p + d] & 0xff] * scale; }
            case 16 -> { for (int p = from; p < to; p++) acc[b16[p] & 0xffff] += values[sym[p + d] & 0xff] * scale; }
            default -> { for (int p = from; p < to; p++) acc[b32[p]] += values[sym[p + d] & 0xff] * scale; }
        }
    }

    void set(int i, int v) {
        switch (width) {
            case 8 -> b8[i] = (byte) v;
            case 16 -> b16[i] = (short) v;
            default -> b32[i] = v;
        }
    }
}
