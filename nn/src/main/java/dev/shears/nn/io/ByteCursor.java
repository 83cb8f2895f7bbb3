package dev.shears.nn.io;

import java.nio.ByteOrder;
import java.util.function.Function;

/**
 * A bounds-checked reading position over a byte array. Every read first checks that the bytes are present
 * and otherwise throws a {@link FileFormatException} saying how many bytes were needed at which offset, so
 * parsers built on it cannot run off the end of a truncated file.
 */
public final class ByteCursor {

    private final byte[] bytes;
    private final int end;
    private final Function<String, ? extends FileFormatException> errors;
    private int pos;
    private ByteOrder order;

    /**
     * A cursor over {@code bytes[start, end)}; {@code errors} turns a message into the exception to throw
     * (so dataset readers can throw their own subtype with the file name prefixed).
     */
    public ByteCursor(byte[] bytes, int start, int end, ByteOrder order, Function<String, ? extends FileFormatException> errors) {
        if (start < 0 || end > bytes.length || start > end) throw new IllegalArgumentException("bad range");
        this.bytes = bytes;
        this.pos = start;
        this.end = end;
        this.order = order;
        this.errors = errors;
    }

    /** The backing array. */
    public byte[] array() { return bytes; }

    /** Current absolute offset. */
    public int position() { return pos; }

    /** Bytes left before the end. */
    public int remaining() { return end - pos; }

    /** The byte order of multi-byte reads. */
    public ByteOrder order() { return order; }

    /** Changes the byte order of multi-byte reads. */
    public void order(ByteOrder o) { order = o; }

    /** Throws unless {@code n} more bytes are present. */
    public void require(long n, String what) throws FileFormatException {
        if (n < 0 || n > end - pos) {
            throw errors.apply("truncated " + what + ": need " + n + " bytes at offset " + pos + ", only " + (end - pos) + " remain");
        }
    }

    /** Moves forward {@code n} bytes. */
    public void skip(long n, String what) throws FileFormatException {
        require(n, what);
        pos += (int) n;
    }

    /** Returns the current offset and advances past {@code n} bytes (for bulk copies out of {@link #array()}). */
    public int take(long n, String what) throws FileFormatException {
        require(n, what);
        int at = pos;
        pos += (int) n;
        return at;
    }

    /** One unsigned byte. */
    public int u8(String what) throws FileFormatException {
        require(1, what);
        return bytes[pos++] & 0xFF;
    }

    /** An unsigned 16-bit integer. */
    public int u16(String what) throws FileFormatException {
        require(2, what);
        int a = bytes[pos] & 0xFF, b = bytes[pos + 1] & 0xFF;
        pos += 2;
        return order == ByteOrder.LITTLE_ENDIAN ? a | b << 8 : a << 8 | b;
    }

    /** A signed 32-bit integer. */
    public int i32(String what) throws FileFormatException {
        require(4, what);
        int v = getInt(bytes, pos, order);
        pos += 4;
        return v;
    }

    /** An unsigned 32-bit integer. */
    public long u32(String what) throws FileFormatException { return i32(what) & 0xFFFFFFFFL; }

    /** A signed 64-bit integer. */
    public long i64(String what) throws FileFormatException {
        require(8, what);
        long lo = getInt(bytes, pos, order) & 0xFFFFFFFFL, hi = getInt(bytes, pos + 4, order) & 0xFFFFFFFFL;
        pos += 8;
        return order == ByteOrder.LITTLE_ENDIAN ? hi << 32 | lo : lo << 32 | hi;
    }

    /** A signed 32-bit integer at an absolute offset (caller checked bounds). */
    public static int getInt(byte[] b, int off, ByteOrder order) {
        int b0 = b[off] & 0xFF, b1 = b[off + 1] & 0xFF, b2 = b[off + 2] & 0xFF, b3 = b[off + 3] & 0xFF;
        return order == ByteOrder.LITTLE_ENDIAN ? b0 | b1 << 8 | b2 << 16 | b3 << 24 : b0 << 24 | b1 << 16 | b2 << 8 | b3;
    }
}
