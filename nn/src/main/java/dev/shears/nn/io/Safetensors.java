package dev.shears.nn.io;

import dev.shears.tensor.Shape;
import dev.shears.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Reads and writes the safetensors format (Hugging Face, format as specified in the safetensors README):
 * an 8-byte little-endian unsigned header length N, N bytes of UTF-8 JSON mapping each tensor name to
 * {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets relative to the byte buffer) plus an
 * optional {@code "__metadata__"} string-to-string map, then the byte buffer of little-endian, row-major
 * tensor data.
 *
 * <p>Writing follows the reference implementation's choices: tensors laid out in name order, the header
 * padded with spaces to a multiple of 8 bytes so the buffer is 8-byte aligned. Shears writes F32 and adds
 * {@value #CHECKSUM_KEY} (CRC32C of the whole byte buffer, 8 lowercase hex digits) to the metadata; reading
 * verifies it when present. Reading accepts F32, F16, BF16, F64 and the integer/bool dtypes of
 * {@link SafetensorsDtype}, converted to float, and rejects headers the reference implementation rejects:
 * offsets outside the buffer, tensors that overlap or leave gaps, a buffer longer than the tensors,
 * sizes that disagree with dtype and shape. Files are read whole; byte buffers above 2 GiB are refused.
 */
public final class Safetensors {

    /** Metadata key under which Shears stores the CRC32C of the byte buffer. */
    public static final String CHECKSUM_KEY = "shears.crc32c";

    /** Largest header accepted; the reference implementation uses the same 100 MB limit. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    /** A safetensors file's tensors (in name order) and metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    private Safetensors() {}

    /** Writes {@code tensors} as F32 with {@code metadata} (plus the checksum) atomically to {@code file}. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Tensor> sorted = new TreeMap<>(Safetensors::compareCodePoints);
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__")) throw new IllegalArgumentException("\"__metadata__\" is reserved");
            sorted.put(e.getKey(), e.getValue());
        }
        long total = 0;
        for (Tensor t : sorted.values()) total += 4L * t.numel();
        if (total > FileBytes.MAX_ARRAY) throw new IllegalArgumentException("tensors exceed 2 GiB: " + total + " bytes");
        ByteBuffer data = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, JsonValue> header = new LinkedHashMap<>();
        Map<String, JsonValue> meta = new TreeMap<>();
        for (Map.Entry<String, String> e : metadata.entrySet()) meta.put(e.getKey(), new JsonValue.Str(e.getValue()));
        for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
            Tensor t = e.getValue();
            long begin = data.position();
            data.asFloatBuffer().put(t.data(), t.offset(), t.numel());
            data.position(data.position() + 4 * t.numel());
            List<JsonValue> shape = new ArrayList<>();
            for (int s : t.shape()) shape.add(JsonValue.Num.of(s));
            Map<String, JsonValue> entry = new LinkedHashMap<>();
            entry.put("dtype", new JsonValue.Str("F32"));
            entry.put("shape", new JsonValue.Arr(shape));
            entry.put("data_offsets", new JsonValue.Arr(List.of(JsonValue.Num.of(begin), JsonValue.Num.of((long) data.position()))));
            header.put(e.getKey(), new JsonValue.Obj(entry));
        }
        meta.put(CHECKSUM_KEY, new JsonValue.Str(crc32cHex(data.array(), 0, data.capacity())));
        Map<String, JsonValue> full = new LinkedHashMap<>();
        full.put("__metadata__", new JsonValue.Obj(meta));
        full.putAll(header);
        byte[] json = JsonWriter.write(new JsonValue.Obj(full)).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) head.put((byte) ' ');
        head.flip();
        data.flip();
        AtomicFile.write(file, ch -> {
            AtomicFile.writeFully(ch, head);
            AtomicFile.writeFully(ch, data);
        });
    }

    /** Reads every tensor of {@code file} as float32. */
    public static Contents read(Path file) throws IOException {
        String src = file.toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) throw error(src, "file of " + size + " bytes is too short for the 8-byte header length");
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0, src);
            long n = lenBuf.getLong(0);
            if (n < 0 || n > size - 8) {
                throw error(src, "header length " + Long.toUnsignedString(n) + " exceeds the " + (size - 8) + " bytes after the length field");
            }
            if (n > MAX_HEADER_BYTES) throw error(src, "header length " + n + " exceeds the " + MAX_HEADER_BYTES + "-byte limit");
            if (n < 2) throw error(src, "header of " + n + " bytes cannot hold a JSON object");
            long bufLen = size - 8 - n;
            if (bufLen > FileBytes.MAX_ARRAY) throw error(src, "byte buffer of " + bufLen + " bytes exceeds 2 GiB (not supported)");
            ByteBuffer headBuf = ByteBuffer.allocate((int) n);
            readFully(ch, headBuf, 8, src);
            ByteBuffer dataBuf = ByteBuffer.allocate((int) bufLen);
            readFully(ch, dataBuf, 8 + n, src);
            return parse(src, headBuf.array(), dataBuf.array());
        }
    }

    private static Contents parse(String src, byte[] header, byte[] buffer) throws FileFormatException {
        if (header[0] != '{') throw error(src, "header does not start with '{'");
        JsonValue.Obj root;
        try {
            root = JsonParser.parse(header, 0, header.length).asObject("header");
        } catch (JsonFormatException e) {
            throw new FileFormatException(src + ": bad header: " + e.getMessage(), e);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        try {
            for (Map.Entry<String, JsonValue> m : root.members().entrySet()) {
                if (m.getKey().equals("__metadata__")) {
                    for (Map.Entry<String, JsonValue> kv : m.getValue().asObject("__metadata__").members().entrySet()) {
                        metadata.put(kv.getKey(), kv.getValue().asString("__metadata__ value \"" + kv.getKey() + "\""));
                    }
                } else {
                    entries.add(entry(src, m.getKey(), m.getValue().asObject("tensor \"" + m.getKey() + "\"")));
                }
            }
        } catch (JsonFormatException e) {
            throw new FileFormatException(src + ": bad header: " + e.getMessage(), e);
        }
        checkLayout(src, entries, buffer.length);
        String expected = metadata.get(CHECKSUM_KEY);
        if (expected != null) {
            String actual = crc32cHex(buffer, 0, buffer.length);
            if (!actual.equalsIgnoreCase(expected)) {
                throw error(src, "checksum mismatch: header says " + CHECKSUM_KEY + "=" + expected + ", data has " + actual);
            }
        }
        entries.sort(Comparator.comparing(Entry::name, Safetensors::compareCodePoints));
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry e : entries) {
            float[] v = new float[(int) e.numel];
            e.dtype.toFloat(buffer, (int) e.begin, v, 0, v.length);
            tensors.put(e.name, Tensor.of(v, e.shape));
        }
        return new Contents(tensors, metadata);
    }

    private record Entry(String name, SafetensorsDtype dtype, int[] shape, long numel, long begin, long end) {}

    private static Entry entry(String src, String name, JsonValue.Obj o) throws FileFormatException {
        String what = "tensor \"" + name + "\"";
        for (String k : o.members().keySet()) {
            if (!k.equals("dtype") && !k.equals("shape") && !k.equals("data_offsets")) {
                throw error(src, what + " has unknown field \"" + k + "\"");
            }
        }
        String dt = o.require("dtype", what).asString(what + " dtype");
        SafetensorsDtype dtype = SafetensorsDtype.parse(dt);
        if (dtype == null) throw error(src, what + " has unsupported dtype \"" + dt + "\"");
        JsonValue.Arr shapeArr = o.require("shape", what).asArray(what + " shape");
        int[] shape = new int[shapeArr.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = shapeArr.get(i).asLong(what + " shape[" + i + "]");
            if (d < 0 || d > Integer.MAX_VALUE) throw error(src, what + " has invalid dimension " + d);
            shape[i] = (int) d;
            numel *= d; // both factors are below 2^31 here, so this cannot overflow
            if (numel > Integer.MAX_VALUE) throw error(src, what + " shape " + Shape.str(shape) + " is too large");
        }
        JsonValue.Arr offs = o.require("data_offsets", what).asArray(what + " data_offsets");
        if (offs.size() != 2) throw error(src, what + " data_offsets must have 2 elements, has " + offs.size());
        long begin = offs.get(0).asLong(what + " data_offsets[0]");
        long end = offs.get(1).asLong(what + " data_offsets[1]");
        if (begin < 0 || end < begin) throw error(src, what + " has invalid data_offsets [" + begin + ", " + end + "]");
        if (end - begin != numel * dtype.bytes()) {
            throw error(src, what + ": " + (end - begin) + " bytes in data_offsets but dtype " + dtype + " and shape "
                    + Shape.str(shape) + " need " + numel * dtype.bytes());
        }
        return new Entry(name, dtype, shape, numel, begin, end);
    }

    // The tensors must tile the buffer exactly: sorted by begin, each starts where the previous ended.
    private static void checkLayout(String src, List<Entry> entries, long bufLen) throws FileFormatException {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        for (Entry e : byOffset) {
            if (e.end > bufLen) {
                throw error(src, "tensor \"" + e.name + "\" ends at byte " + e.end + " beyond the " + bufLen + "-byte buffer");
            }
            if (e.begin < at) throw error(src, "tensor \"" + e.name + "\" overlaps the previous tensor (begins at " + e.begin + " < " + at + ")");
            if (e.begin > at) throw error(src, "gap in the byte buffer before tensor \"" + e.name + "\" (bytes " + at + ".." + e.begin + ")");
            at = e.end;
        }
        if (at != bufLen) throw error(src, "byte buffer has " + bufLen + " bytes but the tensors cover " + at);
    }

    /** CRC32C of {@code b[off, off+len)} as 8 lowercase hex digits. */
    public static String crc32cHex(byte[] b, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(b, off, len);
        return String.format("%08x", crc.getValue());
    }

    /** Orders names by Unicode code point, which is the byte order of their UTF-8 (as in the reference). */
    static int compareCodePoints(String a, String b) {
        return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long at, String src) throws IOException {
        long p = at;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, p);
            if (n < 0) throw error(src, "file ended early");
            p += n;
        }
    }

    private static FileFormatException error(String src, String message) {
        return new FileFormatException(src + ": " + message);
    }
}
