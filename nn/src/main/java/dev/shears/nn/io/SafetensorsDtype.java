package dev.shears.nn.io;

import java.nio.ByteOrder;

/**
 * The safetensors element types Shears can read, with their byte sizes, and their conversion to float32.
 * Conversion to float is exact for F32, F16, BF16, the 8/16-bit integers and BOOL; F64 rounds to nearest;
 * I32/I64 round to nearest for magnitudes above 2^24 (the tensors Shears reads this way are step counters
 * and labels, far below that).
 */
public enum SafetensorsDtype {
    F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

    private final int bytes;

    SafetensorsDtype(int bytes) { this.bytes = bytes; }

    /** Size of one element in bytes. */
    public int bytes() { return bytes; }

    /** The dtype spelled as in a safetensors header, or null if unknown. */
    public static SafetensorsDtype parse(String name) {
        for (SafetensorsDtype d : values()) if (d.name().equals(name)) return d;
        return null;
    }

    /** Converts {@code n} little-endian elements starting at {@code src[off]} into {@code dst[dstOff..]}. */
    public void toFloat(byte[] src, int off, float[] dst, int dstOff, int n) {
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        for (int i = 0; i < n; i++) {
            int p = off + i * bytes;
            dst[dstOff + i] = switch (this) {
                case F32 -> Float.intBitsToFloat(ByteCursor.getInt(src, p, le));
                case F64 -> (float) Double.longBitsToDouble(long64(src, p));
                case F16 -> halfToFloat((src[p] & 0xFF) | (src[p + 1] & 0xFF) << 8);
                case BF16 -> Float.intBitsToFloat(((src[p] & 0xFF) | (src[p + 1] & 0xFF) << 8) << 16);
                case I64 -> (float) long64(src, p);
                case I32 -> (float) ByteCursor.getInt(src, p, le);
                case I16 -> (float) (short) ((src[p] & 0xFF) | (src[p + 1] & 0xFF) << 8);
                case I8 -> (float) src[p];
                case U8 -> (float) (src[p] & 0xFF);
                case BOOL -> src[p] != 0 ? 1f : 0f;
            };
        }
    }

    private static long long64(byte[] b, int p) {
        return (ByteCursor.getInt(b, p, ByteOrder.LITTLE_ENDIAN) & 0xFFFFFFFFL)
                | (long) ByteCursor.getInt(b, p + 4, ByteOrder.LITTLE_ENDIAN) << 32;
    }

    /** IEEE 754 binary16 bits to float (exact: every half value is a float). */
    public static float halfToFloat(int h) {
        int sign = (h >>> 15) & 1, exp = (h >>> 10) & 0x1F, mant = h & 0x3FF;
        float v;
        if (exp == 0) v = mant * 0x1p-24f;                           // zero or subnormal: mant * 2^-24
        else if (exp == 31) v = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        else v = Float.intBitsToFloat((exp - 15 + 127) << 23 | mant << 13);
        return sign == 1 ? -v : v;
    }
}
