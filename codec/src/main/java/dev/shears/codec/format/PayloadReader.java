package dev.shears.codec.format;

import dev.shears.codec.CodecFormatException;
import java.nio.ByteBuffer;

/**
 * Big-endian reader of a matrix payload that checks every count against the bytes actually present before
 * allocating, and reports problems as {@link CodecFormatException} naming the field.
 */
public final class PayloadReader {

    private final ByteBuffer buf;
    private final long maxElements;

    /**
     * A reader over {@code bytes}; {@code maxElements} caps rows×cols of the matrix (a resource limit, since
     * a sparse payload can legally describe a huge all-zero matrix in a few bytes).
     */
    public PayloadReader(byte[] bytes, long maxElements) {
        this.buf = ByteBuffer.wrap(bytes);
        this.maxElements = maxElements;
    }

    /** Bytes not yet read. */
    public int remaining() { return buf.remaining(); }

    /** Largest rows×cols accepted. */
    public long maxElements() { return maxElements; }

    private void need(long bytes, String what) throws CodecFormatException {
        if (bytes < 0 || bytes > buf.remaining()) {
            throw new CodecFormatException(what + ": needs " + bytes + " bytes, " + buf.remaining() + " left");
        }
    }

    /** An unsigned byte. */
    public int u8(String what) throws CodecFormatException {
        need(1, what);
        return buf.get() & 0xff;
    }

    /** A 32-bit integer that must lie in [min, max]. */
    public int i32(String what, long min, long max) throws CodecFormatException {
        need(4, what);
        int v = buf.getInt();
        if (v < min || v > max) throw new CodecFormatException(what + " = " + v + " outside [" + min + ", " + max + "]");
        return v;
    }

    /** A 64-bit integer that must lie in [min, max]. */
    public long i64(String what, long min, long max) throws CodecFormatException {
        need(8, what);
        long v = buf.getLong();
        if (v < min || v > max) throw new CodecFormatException(what + " = " + v + " outside [" + min + ", " + max + "]");
        return v;
    }

    /** {@code count} float32 values. */
    public float[] floats(long count, String what) throws CodecFormatException {
        need(count * 4, what);
        float[] v = new float[(int) count];
        for (int i = 0; i < v.length; i++) v[i] = buf.getFloat();
        return v;
    }

    /** {@code count} 64-bit words. */
    public long[] longs(long count, String what) throws CodecFormatException {
        need(count * 8, what);
        long[] v = new long[(int) count];
        for (int i = 0; i < v.length; i++) v[i] = buf.getLong();
        return v;
    }

    /** {@code count} 32-bit integers. */
    public int[] ints(long count, String what) throws CodecFormatException {
        need(count * 4, what);
        int[] v = new int[(int) count];
        for (int i = 0; i < v.length; i++) v[i] = buf.getInt();
        return v;
    }

    /** {@code count} unsigned integers of {@code width} bits (8, 16 or 32). */
    public NarrowInts narrow(long count, int width, String what) throws CodecFormatException {
        if (width != 8 && width != 16 && width != 32) throw new CodecFormatException(what + ": integer width " + width + " is not 8, 16 or 32");
        need(count * (width / 8), what);
        NarrowInts v = NarrowInts.allocate((int) count, width);
        for (int i = 0; i < count; i++) {
            int x = switch (width) {
                case 8 -> buf.get() & 0xff;
                case 16 -> buf.getShort() & 0xffff;
                default -> buf.getInt();
            };
            v.set(i, x);
        }
        return v;
    }

    /** Fails unless every byte was consumed. */
    public void end(String what) throws CodecFormatException {
        if (buf.hasRemaining()) throw new CodecFormatException(what + ": " + buf.remaining() + " unexpected trailing bytes");
    }

    /** Reads and checks a matrix shape header. */
    public int[] shape(String what) throws CodecFormatException {
        int rows = i32(what + " rows", 0, Integer.MAX_VALUE);
        int cols = i32(what + " cols", 0, Integer.MAX_VALUE);
        if ((long) rows * cols > maxElements) {
            throw new CodecFormatException(what + ": " + rows + "x" + cols + " exceeds the limit of " + maxElements + " elements");
        }
        return new int[] {rows, cols};
    }
}
