package dev.shears.autograd;

import dev.shears.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal test-side reader for NumPy {@code .npy} files (format versions 1–3, C order, little-endian
 * {@code <f4}, {@code <f8}, {@code <i4}, {@code <i8}), enough for the parity fixtures. The production
 * reader lives in {@code nn.io}.
 */
public final class Npy {

    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<|]?[fi][48])'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    /** A decoded array: values as doubles, and the shape. */
    public record Array(double[] values, int[] shape) {
        public Tensor tensor() {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
            return Tensor.of(f, shape);
        }

        public int[] ints() {
            int[] r = new int[values.length];
            for (int i = 0; i < r.length; i++) r[i] = (int) values[i];
            return r;
        }
    }

    private Npy() {}

    /** Reads a classpath resource. */
    public static Array resource(String path) throws IOException {
        try (InputStream in = Npy.class.getResourceAsStream(path)) {
            if (in == null) throw new IOException("missing test resource " + path);
            return parse(in.readAllBytes(), path);
        }
    }

    static Array parse(byte[] b, String name) throws IOException {
        if (b.length < 10 || (b[0] & 0xFF) != 0x93 || b[1] != 'N' || b[2] != 'U' || b[3] != 'M' || b[4] != 'P' || b[5] != 'Y') {
            throw new IOException(name + ": not an .npy file");
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int major = b[6];
        int headerLen, start;
        if (major == 1) {
            headerLen = buf.getShort(8) & 0xFFFF;
            start = 10;
        } else {
            headerLen = buf.getInt(8);
            start = 12;
        }
        if (headerLen < 0 || start + (long) headerLen > b.length) throw new IOException(name + ": truncated header");
        String header = new String(b, start, headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header), s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) throw new IOException(name + ": unsupported header " + header.trim());
        if (f.group(1).equals("True")) throw new IOException(name + ": Fortran order not supported");
        String descr = d.group(1).replace("<", "").replace("|", "");
        String[] dims = s.group(1).split(",");
        int count = 0;
        for (String dim : dims) if (!dim.isBlank()) count++;
        int[] shape = new int[count];
        long n = 1;
        for (int i = 0, j = 0; i < dims.length; i++) {
            if (dims[i].isBlank()) continue;
            shape[j] = Integer.parseInt(dims[i].trim());
            n *= shape[j++];
        }
        int width = descr.charAt(1) - '0';
        int data = start + headerLen;
        if (data + n * width > b.length) throw new IOException(name + ": " + n + " values of " + width + " bytes do not fit");
        double[] v = new double[(int) n];
        for (int i = 0; i < n; i++) {
            int at = data + i * width;
            v[i] = switch (descr) {
                case "f4" -> buf.getFloat(at);
                case "f8" -> buf.getDouble(at);
                case "i4" -> buf.getInt(at);
                case "i8" -> buf.getLong(at);
                default -> throw new IOException(name + ": dtype " + descr);
            };
        }
        return new Array(v, shape);
    }
}
