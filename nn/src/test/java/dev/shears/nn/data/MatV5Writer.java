package dev.shears.nn.data;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

/**
 * A test-only MAT-file Level 5 writer written from MathWorks' "MAT-File Format" document (not from the
 * reader): 128-byte header, miMATRIX elements with array flags, dimensions, name (small data element
 * format when at most 4 bytes) and real part, every element padded to 8 bytes; optionally each variable
 * wrapped in miCOMPRESSED (zlib), and either byte order.
 */
final class MatV5Writer {

    private final ByteOrder order;
    private final boolean compress;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    MatV5Writer(ByteOrder order, boolean compress) {
        this.order = order;
        this.compress = compress;
        byte[] header = new byte[128];
        byte[] text = "MATLAB 5.0 MAT-file, Platform: test, Created on: today".getBytes(StandardCharsets.US_ASCII);
        java.util.Arrays.fill(header, 0, 116, (byte) ' ');
        System.arraycopy(text, 0, header, 0, text.length);
        // bytes 116..123: subsystem data offset, left zero; version 0x0100 and 'MI' written as 16-bit values
        ByteBuffer b = ByteBuffer.wrap(header).order(order);
        b.putShort(124, (short) 0x0100);
        b.putShort(126, (short) ('M' << 8 | 'I'));
        out.writeBytes(header);
    }

    /** A numeric variable: mxClass (6 double, 9 uint8 ...), column-major dims, data already encoded as {@code miType}. */
    MatV5Writer variable(String name, int mxClass, int[] dims, int miType, byte[] data) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        ByteBuffer flags = buf(8).putInt(mxClass).putInt(0);
        element(m, 6, flags.array());                                    // miUINT32 array flags
        ByteBuffer d = buf(4 * dims.length);
        for (int x : dims) d.putInt(x);
        element(m, 5, d.array());                                        // miINT32 dimensions
        element(m, 1, name.getBytes(StandardCharsets.US_ASCII));        // miINT8 name
        element(m, miType, data);                                        // real part
        byte[] matrix = m.toByteArray();
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        whole.writeBytes(buf(8).putInt(14).putInt(matrix.length).array());
        whole.writeBytes(matrix);
        if (!compress) {
            out.writeBytes(whole.toByteArray());
        } else {
            Deflater def = new Deflater();
            def.setInput(whole.toByteArray());
            def.finish();
            ByteArrayOutputStream z = new ByteArrayOutputStream();
            byte[] chunk = new byte[4096];
            while (!def.finished()) z.write(chunk, 0, def.deflate(chunk));
            def.end();
            out.writeBytes(buf(8).putInt(15).putInt(z.size()).array());
            out.writeBytes(z.toByteArray());
        }
        return this;
    }

    /** A char variable (mxCHAR_CLASS 4, miUTF16 data) the reader must skip. */
    MatV5Writer text(String name, String value) {
        ByteBuffer d = buf(2 * value.length());
        for (char c : value.toCharArray()) d.putChar(c);
        return variable(name, 4, new int[] {1, value.length()}, 17, d.array());
    }

    byte[] bytes() { return out.toByteArray(); }

    private ByteBuffer buf(int n) { return ByteBuffer.allocate(n).order(order); }

    // Small data element when the data fits 4 bytes, else an 8-byte tag; data padded to 8 bytes.
    private void element(ByteArrayOutputStream m, int type, byte[] data) {
        if (data.length <= 4 && data.length > 0) {
            m.writeBytes(buf(4).putInt(data.length << 16 | type).array());
            m.writeBytes(java.util.Arrays.copyOf(data, 4));
            return;
        }
        m.writeBytes(buf(8).putInt(type).putInt(data.length).array());
        m.writeBytes(data);
        m.writeBytes(new byte[(8 - data.length % 8) % 8]);
    }
}
