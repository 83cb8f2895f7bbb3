package dev.shears.nn.data;

import dev.shears.nn.io.ByteCursor;
import dev.shears.nn.io.FileBytes;
import dev.shears.nn.io.FileFormatException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads the numeric arrays of a MATLAB Level 5 MAT-file (MathWorks, "MAT-File Format", version 5 and
 * 7 layouts). The file is a 128-byte header (text, subsystem offset, version 0x0100, endian indicator
 * "IM" for little-endian or "MI" for big-endian) followed by data elements. Each element has an 8-byte
 * tag (type, byte count) — or the 4-byte "small data element" form when the count fits 16 bits — and data
 * padded to 8 bytes. Variables are {@code miMATRIX} elements (array flags, dimensions, name, real part),
 * optionally wrapped in an {@code miCOMPRESSED} element (a zlib stream holding one whole element).
 *
 * <p>Only real, non-sparse numeric arrays are returned; variables of other classes (cell, struct, char,
 * sparse, complex) are skipped. Every size is checked against the bytes present; a compressed element may
 * not claim more than {@link FileBytes#MAX_DEFLATE_RATIO} times its compressed size.
 */
public final class MatFile {

    static final int MI_INT8 = 1, MI_UINT8 = 2, MI_INT16 = 3, MI_UINT16 = 4, MI_INT32 = 5, MI_UINT32 = 6,
            MI_SINGLE = 7, MI_DOUBLE = 9, MI_INT64 = 12, MI_UINT64 = 13, MI_MATRIX = 14, MI_COMPRESSED = 15;

    /** mxCLASS values of the numeric array classes (double, single, int8 … uint64). */
    static final int MX_DOUBLE = 6, MX_UINT64 = 15, MX_SPARSE = 5;

    /**
     * A numeric variable: MATLAB class, dimensions (column-major), and its real part as stored, i.e.
     * {@code dataType} elements in byte order {@code order} (MATLAB may store e.g. a double array as
     * miUINT8 when its values fit).
     */
    public record Array(String name, int mxClass, int[] dims, int dataType, byte[] data, int dataOffset, ByteOrder order) {

        /** Number of elements. */
        public int numel() {
            long n = 1;
            for (int d : dims) n *= d;
            return (int) n;
        }

        /** Element {@code i} (column-major index) converted to double. */
        public double get(int i) {
            int p = dataOffset + i * typeSize(dataType);
            return switch (dataType) {
                case MI_INT8 -> data[p];
                case MI_UINT8 -> data[p] & 0xFF;
                case MI_INT16 -> (short) u16(p);
                case MI_UINT16 -> u16(p);
                case MI_INT32 -> ByteCursor.getInt(data, p, order);
                case MI_UINT32 -> ByteCursor.getInt(data, p, order) & 0xFFFFFFFFL;
                case MI_SINGLE -> Float.intBitsToFloat(ByteCursor.getInt(data, p, order));
                case MI_DOUBLE -> Double.longBitsToDouble(i64(p));
                case MI_INT64 -> i64(p);
                case MI_UINT64 -> { long v = i64(p); yield v >= 0 ? v : (v >>> 1) * 2.0 + (v & 1); }
                default -> throw new IllegalStateException("type " + dataType);
            };
        }

        private int u16(int p) {
            int a = data[p] & 0xFF, b = data[p + 1] & 0xFF;
            return order == ByteOrder.LITTLE_ENDIAN ? a | b << 8 : a << 8 | b;
        }

        private long i64(int p) {
            long a = ByteCursor.getInt(data, p, order) & 0xFFFFFFFFL, b = ByteCursor.getInt(data, p + 4, order) & 0xFFFFFFFFL;
            return order == ByteOrder.LITTLE_ENDIAN ? b << 32 | a : a << 32 | b;
        }
    }

    private MatFile() {}

    /** The numeric variables of {@code file}, by name, in file order. */
    public static Map<String, Array> read(Path file) throws IOException {
        String src = file.toString();
        return parse(FileBytes.read(file, Long.MAX_VALUE, m -> new DatasetFormatException(src + ": " + m)), src);
    }

    /** The numeric variables in MAT-file bytes. */
    public static Map<String, Array> parse(byte[] b, String src) throws DatasetFormatException {
        try {
            return parseUnchecked(b, src);
        } catch (DatasetFormatException e) {
            throw e;
        } catch (FileFormatException e) {
            throw new DatasetFormatException(e.getMessage(), e);
        }
    }

    private static Map<String, Array> parseUnchecked(byte[] b, String src) throws FileFormatException {
        if (b.length < 128) throw err(src, "file of " + b.length + " bytes is shorter than the 128-byte MAT-file header");
        ByteOrder order;
        if (b[126] == 'I' && b[127] == 'M') order = ByteOrder.LITTLE_ENDIAN;
        else if (b[126] == 'M' && b[127] == 'I') order = ByteOrder.BIG_ENDIAN;
        else throw err(src, "not a MAT v5 file (endian indicator is not IM or MI)");
        int version = order == ByteOrder.LITTLE_ENDIAN ? (b[124] & 0xFF) | (b[125] & 0xFF) << 8 : (b[124] & 0xFF) << 8 | (b[125] & 0xFF);
        if (version != 0x0100) throw err(src, String.format("unsupported MAT-file version 0x%04X (v7.3 files are HDF5)", version));
        ByteCursor in = new ByteCursor(b, 128, b.length, order, m -> new DatasetFormatException(src + ": " + m));
        Map<String, Array> vars = new LinkedHashMap<>();
        while (in.remaining() > 0) {
            int at = in.position();
            int type = in.i32("element tag");
            long nbytes = in.u32("element tag");
            if (type >>> 16 != 0) throw err(src, "small data element at top level (offset " + at + ")");
            in.require(nbytes, "element at offset " + at);
            int start = in.take(nbytes, "element data");
            Array a;
            if (type == MI_COMPRESSED) {
                a = matrix(inflate(b, start, (int) nbytes, order, src + " (compressed element at " + at + ")"), 0, order, src);
            } else if (type == MI_MATRIX) {
                a = matrixBody(new ByteCursor(b, start, start + (int) nbytes, order, m -> new DatasetFormatException(src + ": " + m)), src);
            } else {
                throw err(src, "unexpected top-level element type " + type + " at offset " + at);
            }
            if (a != null) {
                if (vars.containsKey(a.name())) throw err(src, "variable \"" + a.name() + "\" appears twice");
                vars.put(a.name(), a);
            }
        }
        return vars;
    }

    // The whole element (tag + data) inside a zlib stream.
    private static byte[] inflate(byte[] b, int off, int len, ByteOrder order, String src) throws FileFormatException {
        Inflater inf = new Inflater();
        try {
            inf.setInput(b, off, len);
            byte[] tag = new byte[8];
            if (inflateFully(inf, tag, 0, 8) != 8) throw err(src, "compressed stream ends before the element tag");
            long inner = ByteCursor.getInt(tag, 4, order) & 0xFFFFFFFFL;
            long bound = Math.min(FileBytes.MAX_ARRAY - 8L, (long) len * FileBytes.MAX_DEFLATE_RATIO);
            if (inner > bound) throw err(src, "element claims " + inner + " bytes, more than " + len + " compressed bytes can hold");
            byte[] out = new byte[(int) (8 + inner)];
            System.arraycopy(tag, 0, out, 0, 8);
            int got = inflateFully(inf, out, 8, (int) inner);
            if (got != inner) throw err(src, "compressed stream holds " + got + " of the " + inner + " bytes its element claims");
            if (!inf.finished()) {
                byte[] probe = new byte[1];
                if (inflateFully(inf, probe, 0, 1) > 0) throw err(src, "compressed stream holds more than its element");
            }
            return out;
        } catch (DataFormatException e) {
            throw new DatasetFormatException(src + ": corrupt zlib stream: " + e.getMessage(), e);
        } finally {
            inf.end();
        }
    }

    private static int inflateFully(Inflater inf, byte[] out, int off, int len) throws DataFormatException {
        int got = 0;
        while (got < len) {
            int n = inf.inflate(out, off + got, len - got);
            if (n == 0 && (inf.finished() || inf.needsInput() || inf.needsDictionary())) break;
            got += n;
        }
        return got;
    }

    private static Array matrix(byte[] b, int off, ByteOrder order, String src) throws FileFormatException {
        ByteCursor in = new ByteCursor(b, off, b.length, order, m -> new DatasetFormatException(src + ": " + m));
        int type = in.i32("matrix tag");
        long nbytes = in.u32("matrix tag");
        if (type != MI_MATRIX) throw err(src, "compressed element holds type " + type + ", expected miMATRIX (14)");
        in.require(nbytes, "matrix");
        int start = in.take(nbytes, "matrix");
        return matrixBody(new ByteCursor(b, start, start + (int) nbytes, order, m -> new DatasetFormatException(src + ": " + m)), src);
    }

    private static Array matrixBody(ByteCursor in, String src) throws FileFormatException {
        if (in.remaining() == 0) return null; // an empty miMATRIX is allowed by the format
        Sub flags = sub(in, "array flags");
        if (flags.type != MI_UINT32 || flags.len != 8) throw err(src, "array flags must be 8 bytes of miUINT32");
        int flagWord = ByteCursor.getInt(in.array(), flags.off, in.order());
        int mxClass = flagWord & 0xFF;
        boolean complex = (flagWord & 0x0800) != 0;
        Sub dimsEl = sub(in, "dimensions");
        if (dimsEl.type != MI_INT32 || dimsEl.len % 4 != 0 || dimsEl.len < 8) throw err(src, "dimensions must be at least two miINT32 values");
        int[] dims = new int[dimsEl.len / 4];
        long numel = 1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = ByteCursor.getInt(in.array(), dimsEl.off + 4 * i, in.order());
            if (dims[i] < 0) throw err(src, "negative dimension in " + Arrays.toString(dims));
            numel = Math.min(numel * dims[i], 1L << 32); // saturates; checked against the data below
        }
        Sub nameEl = sub(in, "array name");
        if (nameEl.type != MI_INT8 && nameEl.type != MI_UINT8) throw err(src, "array name must be miINT8");
        String name = new String(in.array(), nameEl.off, nameEl.len, StandardCharsets.US_ASCII);
        boolean numeric = mxClass >= MX_DOUBLE && mxClass <= MX_UINT64;
        if (!numeric || complex) return null; // cell, struct, char, sparse or complex: not needed here
        Sub real = sub(in, "real part of \"" + name + "\"");
        int size = typeSize(real.type);
        if (size == 0) throw err(src, "variable \"" + name + "\" has non-numeric data type " + real.type);
        if (numel * size != real.len) {
            throw err(src, "variable \"" + name + "\" has dimensions " + Arrays.toString(dims) + " (" + numel + " elements of "
                    + size + " bytes) but " + real.len + " data bytes");
        }
        return new Array(name, mxClass, dims, real.type, in.array(), real.off, in.order());
    }

    private record Sub(int type, int off, int len) {}

    // A sub-element: full tag (8 bytes, data padded to 8) or small element (4-byte tag, up to 4 data bytes).
    private static Sub sub(ByteCursor in, String what) throws FileFormatException {
        int word = in.i32(what + " tag");
        if (word >>> 16 != 0) {
            int len = word >>> 16;
            if (len > 4) throw new DatasetFormatException("small data element of " + what + " claims " + len + " bytes");
            int off = in.take(4, what);
            return new Sub(word & 0xFFFF, off, len);
        }
        long len = in.u32(what + " tag");
        in.require(len, what);
        int off = in.take(len, what);
        long pad = (8 - len % 8) % 8;
        in.skip(Math.min(pad, in.remaining()), what + " padding");
        return new Sub(word, off, (int) len);
    }

    static int typeSize(int type) {
        return switch (type) {
            case MI_INT8, MI_UINT8 -> 1;
            case MI_INT16, MI_UINT16 -> 2;
            case MI_INT32, MI_UINT32, MI_SINGLE -> 4;
            case MI_DOUBLE, MI_INT64, MI_UINT64 -> 8;
            default -> 0;
        };
    }

    private static DatasetFormatException err(String src, String m) { return new DatasetFormatException(src + ": " + m); }
}
