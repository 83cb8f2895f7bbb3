package dev.shears.codec.format;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Big-endian writer of a matrix payload (the byte layout each format documents in codec/FORMAT.md). */
public final class PayloadWriter {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);

    /** Writes one unsigned byte. */
    public PayloadWriter u8(int v) { return run(() -> out.writeByte(v)); }

    /** Writes a 32-bit integer. */
    public PayloadWriter i32(int v) { return run(() -> out.writeInt(v)); }

    /** Writes a 64-bit integer. */
    public PayloadWriter i64(long v) { return run(() -> out.writeLong(v)); }

    /** Writes float32 values. */
    public PayloadWriter floats(float[] v, int from, int to) {
        return run(() -> { for (int i = from; i < to; i++) out.writeFloat(v[i]); });
    }

    /** Writes 64-bit words. */
    public PayloadWriter longs(long[] v) { return run(() -> { for (long x : v) out.writeLong(x); }); }

    /** Writes unsigned integers with the given width in bits (8, 16 or 32). */
    public PayloadWriter ints(NarrowInts v) {
        return run(() -> {
            for (int i = 0; i < v.size(); i++) {
                int x = v.get(i);
                switch (v.width()) {
                    case 8 -> out.writeByte(x);
                    case 16 -> out.writeShort(x);
                    default -> out.writeInt(x);
                }
            }
        });
    }

    /** Writes raw 32-bit integers. */
    public PayloadWriter ints(int[] v) { return run(() -> { for (int x : v) out.writeInt(x); }); }

    /** The bytes written. */
    public byte[] toByteArray() { return bytes.toByteArray(); }

    private interface IoAction { void run() throws IOException; }

    private PayloadWriter run(IoAction a) {
        try {
            a.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // impossible for an in-memory stream
        }
        return this;
    }
}
