package dev.shears.nn.io;

import dev.shears.tensor.io.AtomicFile;
import dev.shears.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes NumPy {@code .npy} files (NEP 1; format versions 1.0, 2.0 and 3.0): the magic
 * {@code \x93NUMPY}, a major/minor version, a little-endian header length (2 bytes in 1.0, 4 bytes later),
 * the header dict (ASCII, or UTF-8 in 3.0), padded so data starts at a multiple of 64, then the raw data.
 *
 * <p>Read dtypes: {@code <f4}, {@code <f8}, {@code <i8}, {@code <i4}, {@code |u1}, {@code |i1},
 * {@code |b1}, converted to float32 (f8 and large i8 values round to nearest). Fortran-order arrays are
 * transposed to Shears' row-major layout. Writing produces {@code <f4}, C order, version 1.0 (2.0 only if
 * the header would not fit 1.0's 16-bit length), as {@code numpy.save} does.
 */
public final class Npy {

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** Largest header accepted (NumPy's own default limit is 10,000 bytes). */
    public static final int MAX_HEADER_BYTES = 1 << 20;

    private Npy() {}

    /** Reads a {@code .npy} file as a float tensor. */
    public static Tensor read(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, size, file.toString());
        }
    }

    /**
     * Reads one array from {@code in}, which must end right after the data. {@code maxBytes} bounds the
     * data the stream can hold (the file size, or a zip entry's bound); it is checked before allocating.
     */
    public static Tensor read(InputStream in, long maxBytes, String src) throws IOException {
        byte[] pre = in.readNBytes(8);
        if (pre.length < 8) throw err(src, "file of " + pre.length + " bytes is too short for the npy preamble");
        for (int i = 0; i < MAGIC.length; i++) if (pre[i] != MAGIC[i]) throw err(src, "not an npy file (bad magic)");
        int major = pre[6] & 0xFF, minor = pre[7] & 0xFF;
        if (major < 1 || major > 3 || minor != 0) throw err(src, "unsupported npy format version " + major + "." + minor);
        int lenBytes = major == 1 ? 2 : 4;
        byte[] lb = in.readNBytes(lenBytes);
        if (lb.length < lenBytes) throw err(src, "truncated header length");
        long headerLen = major == 1 ? (lb[0] & 0xFF | (lb[1] & 0xFF) << 8) : ByteCursor.getInt(lb, 0, ByteOrder.LITTLE_ENDIAN) & 0xFFFFFFFFL;
        long consumed = 8 + lenBytes;
        if (headerLen > MAX_HEADER_BYTES || headerLen > maxBytes - consumed) {
            throw err(src, "header length " + headerLen + " exceeds the " + Math.max(0, Math.min(MAX_HEADER_BYTES, maxBytes - consumed)) + " bytes available");
        }
        byte[] hb = in.readNBytes((int) headerLen);
        if (hb.length < headerLen) throw err(src, "truncated header: " + hb.length + " of " + headerLen + " bytes");
        consumed += headerLen;
        String text = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader h = NpyHeader.parse(text, src);
        int itemSize = itemSize(h.descr(), src);
        long numel = h.numel();
        if (numel < 0) throw err(src, "shape is too large for a Shears tensor");
        long dataLen = numel * itemSize;
        if (dataLen > maxBytes - consumed || dataLen > FileBytes.MAX_ARRAY) {
            throw err(src, "shape needs " + dataLen + " data bytes but only " + Math.max(0, maxBytes - consumed) + " are present");
        }
        byte[] data = in.readNBytes((int) dataLen);
        if (data.length < dataLen) throw err(src, "truncated data: " + data.length + " of " + dataLen + " bytes");
        if (in.read() != -1) throw err(src, "unexpected bytes after the array data");
        float[] v = new float[(int) numel];
        convert(h.descr(), data, v);
        int[] shape = h.shape();
        if (!h.fortranOrder() || shape.length < 2) return Tensor.of(v, shape);
        // Fortran order = row-major data of the reversed shape; reversing the axes gives the array.
        int r = shape.length;
        int[] reversed = new int[r], perm = new int[r];
        for (int i = 0; i < r; i++) {
            reversed[i] = shape[r - 1 - i];
            perm[i] = r - 1 - i;
        }
        return Tensor.of(v, reversed).permute(perm);
    }

    private static int itemSize(String descr, String src) throws FileFormatException {
        return switch (descr) {
            case "<f4", "<i4" -> 4;
            case "<f8", "<i8" -> 8;
            case "|u1", "|i1", "|b1" -> 1;
            default -> throw err(src, "unsupported dtype '" + descr + "' (supported: <f4 <f8 <i8 <i4 |u1 |i1 |b1)");
        };
    }

    private static void convert(String descr, byte[] b, float[] out) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        switch (descr) {
            case "<f4" -> bb.asFloatBuffer().get(out);
            case "<i4" -> { for (int i = 0; i < out.length; i++) out[i] = bb.getInt(4 * i); }
            case "<f8" -> { for (int i = 0; i < out.length; i++) out[i] = (float) bb.getDouble(8 * i); }
            case "<i8" -> { for (int i = 0; i < out.length; i++) out[i] = (float) bb.getLong(8 * i); }
            case "|u1" -> { for (int i = 0; i < out.length; i++) out[i] = b[i] & 0xFF; }
            case "|i1" -> { for (int i = 0; i < out.length; i++) out[i] = b[i]; }
            case "|b1" -> { for (int i = 0; i < out.length; i++) out[i] = b[i] != 0 ? 1f : 0f; }
            default -> throw new IllegalStateException(descr);
        }
    }

    /** The {@code .npy} bytes of {@code t} as {@code <f4}, C order. */
    public static byte[] toBytes(Tensor t) {
        String dict = new NpyHeader("<f4", false, t.shape()).toDictLiteral();
        int major = dict.length() + 1 + 10 > 65535 ? 2 : 1;
        int pre = major == 1 ? 10 : 12;
        int total = (pre + dict.length() + 1 + 63) / 64 * 64;
        ByteArrayOutputStream out = new ByteArrayOutputStream(total + 4 * t.numel());
        out.writeBytes(MAGIC);
        out.write(major);
        out.write(0);
        int headerLen = total - pre;
        out.write(headerLen & 0xFF);
        out.write(headerLen >>> 8 & 0xFF);
        if (major == 2) {
            out.write(headerLen >>> 16 & 0xFF);
            out.write(headerLen >>> 24);
        }
        StringBuilder h = new StringBuilder(dict);
        while (h.length() < headerLen - 1) h.append(' ');
        out.writeBytes(h.append('\n').toString().getBytes(StandardCharsets.ISO_8859_1));
        ByteBuffer data = ByteBuffer.allocate(4 * t.numel()).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(t.data(), t.offset(), t.numel());
        out.writeBytes(data.array());
        return out.toByteArray();
    }

    /** Writes {@code t} atomically as a {@code .npy} file ({@code <f4}, C order). */
    public static void write(Path file, Tensor t) throws IOException { AtomicFile.write(file, toBytes(t)); }

    private static FileFormatException err(String src, String m) { return new FileFormatException(src + ": " + m); }
}
