package dev.shears.experiments.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal reader for NumPy {@code .npy} files (format versions 1–3, NEP 1): float32 or float64 arrays
 * in C order, little- or big-endian, rank 1 to 8. The array is returned as float32 with the matrix view
 * {@code d0 × (d1·…·dr)} (rank 1: {@code 1 × d0}), the way codec stores weight tensors. Every header field
 * and the data length are checked against the file before anything is allocated.
 */
final class NpyReader {

    /** A float32 matrix read from a .npy file, with the array's original shape. */
    record NpyMatrix(float[] data, int rows, int cols, int[] shape) {}

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])(f[48])'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyReader() {}

    static NpyMatrix read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 8) throw new IOException(file + ": too large (" + size + " bytes)");
        return parse(Files.readAllBytes(file), file.toString());
    }

    static NpyMatrix parse(byte[] b, String what) throws IOException {
        if (b.length < 10) throw new IOException(what + ": too short for a .npy file");
        for (int i = 0; i < MAGIC.length; i++) if (b[i] != MAGIC[i]) throw new IOException(what + ": not a .npy file (bad magic)");
        int major = b[6] & 0xff;
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int headerStart;
        if (major == 1) { headerLen = le.getShort(8) & 0xffff; headerStart = 10; }
        else if (major == 2 || major == 3) {
            if (b.length < 12) throw new IOException(what + ": truncated header");
            headerLen = le.getInt(8) & 0xffffffffL;
            headerStart = 12;
        } else throw new IOException(what + ": unsupported .npy version " + major);
        if (headerStart + headerLen > b.length) throw new IOException(what + ": header length " + headerLen + " exceeds the file");
        String header = new String(b, headerStart, (int) headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header), s = SHAPE.matcher(header);
        if (!d.find()) throw new IOException(what + ": dtype must be float32 or float64, header: " + header.trim());
        if (!f.find() || !f.group(1).equals("False")) throw new IOException(what + ": only C-order (fortran_order False) arrays are supported");
        if (!s.find()) throw new IOException(what + ": no shape in header");
        String[] parts = s.group(1).split(",");
        int rank = 0;
        int[] shape = new int[8];
        for (String p : parts) {
            String t = p.trim();
            if (t.isEmpty()) continue;
            if (rank == 8) throw new IOException(what + ": rank above 8");
            long v;
            try { v = Long.parseLong(t); } catch (NumberFormatException e) { throw new IOException(what + ": bad dimension '" + t + "'"); }
            if (v < 0 || v > Integer.MAX_VALUE) throw new IOException(what + ": dimension " + v + " out of range");
            shape[rank++] = (int) v;
        }
        if (rank == 0) throw new IOException(what + ": scalars are not matrices");
        shape = java.util.Arrays.copyOf(shape, rank);
        long rows = rank == 1 ? 1 : shape[0], cols = 1;
        for (int i = rank == 1 ? 0 : 1; i < rank; i++) {
            cols *= shape[i];
            if (cols > Integer.MAX_VALUE) throw new IOException(what + ": too many columns");
        }
        long count = rows * cols;
        int item = d.group(2).equals("f4") ? 4 : 8;
        long dataStart = headerStart + headerLen;
        if (count > Integer.MAX_VALUE - 8 || dataStart + count * item != b.length) {
            throw new IOException(what + ": expected " + count * item + " data bytes, found " + (b.length - dataStart));
        }
        ByteBuffer data = ByteBuffer.wrap(b, (int) dataStart, (int) (count * item))
                .order(d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[(int) count];
        for (int i = 0; i < out.length; i++) out[i] = item == 4 ? data.getFloat() : (float) data.getDouble();
        return new NpyMatrix(out, (int) rows, (int) cols, shape);
    }
}
