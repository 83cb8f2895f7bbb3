package dev.shears.codec.model;

import dev.shears.codec.CodecFormatException;
import dev.shears.codec.format.EncodedMatrix;
import dev.shears.codec.format.MatrixFormat;
import dev.shears.tensor.io.AtomicFile;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads and writes the compressed model container, version 1 (layout in codec/FORMAT.md): magic, version,
 * table of contents (name, format, shape, metadata, payload offset/length/CRC32C), the TOC's own CRC32C,
 * the payloads, and a footer with the CRC32C of everything before it.
 *
 * <p>Writing is atomic: a temporary file in the target directory is written, forced to disk and renamed
 * over the target. Reading validates every count, length and offset against the bytes present before
 * allocating, checks all checksums, then decodes and fully validates each payload; any problem is a
 * {@link CodecFormatException} naming the entry and the problem.
 */
public final class ModelFile {

    /** File magic, first 8 bytes. */
    static final byte[] MAGIC = "SHEARSCM".getBytes(StandardCharsets.US_ASCII);
    /** Footer magic, last 8 bytes. */
    static final byte[] END_MAGIC = "SHEARSND".getBytes(StandardCharsets.US_ASCII);
    /** The only version this reader accepts. */
    public static final int VERSION = 1;
    static final int HEADER = 16, FOOTER = 16, MAX_NAME = 1024, MAX_META = 1 << 20;
    /** Smallest TOC record: name length, 1-byte name, format, rank, one dim, meta length, offset, length, CRC. */
    static final int MIN_RECORD = 2 + 1 + 1 + 1 + 4 + 4 + 8 + 8 + 4;

    /** Reader options. */
    public record ReadOptions(boolean verifyChecksums, long maxElementsPerEntry) {
        /** Checksums verified; entries up to 2³¹ − 9 elements (the largest Java array). */
        public static final ReadOptions DEFAULT = new ReadOptions(true, Integer.MAX_VALUE - 8);
    }

    private ModelFile() {}

    /** The file bytes of {@code model}. */
    public static byte[] toBytes(CompressedModel model) {
        try {
            List<byte[]> payloads = new ArrayList<>();
            for (ModelEntry e : model.entries()) payloads.add(e.matrix().toBytes());
            ByteArrayOutputStream toc = new ByteArrayOutputStream();
            DataOutputStream t = new DataOutputStream(toc);
            t.write(MAGIC);
            t.writeShort(VERSION);
            t.writeShort(0);
            t.writeInt(model.entries().size());
            long tocLen = HEADER + 4;
            for (ModelEntry e : model.entries()) tocLen += recordLength(e);
            long offset = tocLen;
            int i = 0;
            for (ModelEntry e : model.entries()) {
                byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
                byte[] meta = metadataBytes(e.metadata());
                t.writeShort(name.length);
                t.write(name);
                t.writeByte(e.matrix().format().id());
                t.writeByte(e.shape().length);
                for (int d : e.shape()) t.writeInt(d);
                t.writeInt(meta.length);
                t.write(meta);
                t.writeLong(offset);
                t.writeLong(payloads.get(i).length);
                t.writeInt(crc(payloads.get(i), 0, payloads.get(i).length));
                offset += payloads.get(i++).length;
            }
            byte[] head = toc.toByteArray();
            t.writeInt(crc(head, 0, head.length));
            for (byte[] p : payloads) t.write(p);
            byte[] body = toc.toByteArray();
            t.writeInt(crc(body, 0, body.length));
            t.writeInt(0);
            t.write(END_MAGIC);
            return toc.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory streams do not fail
        }
    }

    private static long recordLength(ModelEntry e) {
        return 2 + e.name().getBytes(StandardCharsets.UTF_8).length + 1 + 1 + 4L * e.shape().length + 4
                + metadataBytes(e.metadata()).length + 8 + 8 + 4;
    }

    private static byte[] metadataBytes(Map<String, String> meta) {
        StringBuilder sb = new StringBuilder();
        meta.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sb.append(e.getKey()).append('=').append(e.getValue()).append('\n'));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static int crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    /** Writes {@code model} to {@code file} atomically (temp file in the same directory, fsync, rename). */
    public static void write(Path file, CompressedModel model) throws IOException {
        AtomicFile.write(file, toBytes(model));
    }

    /** Reads and fully validates a model file. */
    public static CompressedModel read(Path file) throws IOException {
        return read(file, ReadOptions.DEFAULT);
    }

    /** Reads a model file with explicit options. */
    public static CompressedModel read(Path file, ReadOptions options) throws IOException {
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 8) throw new CodecFormatException(file + ": " + size + " bytes is too large for this reader");
        return read(Files.readAllBytes(file), options);
    }

    /** Parses and fully validates model file bytes. */
    public static CompressedModel read(byte[] b, ReadOptions options) throws CodecFormatException {
        if (b.length < HEADER + 4 + FOOTER) throw new CodecFormatException("file of " + b.length + " bytes is too short for a model");
        ByteBuffer in = ByteBuffer.wrap(b);
        byte[] magic = new byte[8];
        in.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) throw new CodecFormatException("bad magic: not a Shears model file");
        int version = in.getShort() & 0xffff;
        if (version != VERSION) throw new CodecFormatException("unsupported version " + version + " (this reader knows " + VERSION + ")");
        int flags = in.getShort() & 0xffff;
        if (flags != 0) throw new CodecFormatException("reserved flags are " + flags + ", expected 0");
        int footer = b.length - FOOTER;
        if (!java.util.Arrays.equals(java.util.Arrays.copyOfRange(b, footer + 8, b.length), END_MAGIC)) {
            throw new CodecFormatException("bad footer magic: file truncated or corrupt");
        }
        if (ByteBuffer.wrap(b, footer + 4, 4).getInt() != 0) throw new CodecFormatException("reserved footer field is not 0");
        if (options.verifyChecksums() && ByteBuffer.wrap(b, footer, 4).getInt() != crc(b, 0, footer)) {
            throw new CodecFormatException("file checksum mismatch");
        }
        long count = Integer.toUnsignedLong(in.getInt());
        if (count > (footer - HEADER - 4) / MIN_RECORD) throw new CodecFormatException("entry count " + count + " cannot fit in " + b.length + " bytes");
        record Toc(String name, MatrixFormat format, int[] shape, Map<String, String> meta, long offset, long length, int crc) {}
        List<Toc> toc = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String where = "toc record " + i;
            int nameLen = u16(in, footer, where + " name length");
            if (nameLen < 1 || nameLen > MAX_NAME) throw new CodecFormatException(where + ": name length " + nameLen + " outside 1.." + MAX_NAME);
            String name = utf8(in, nameLen, footer, where + " name");
            where = "entry '" + name + "'";
            MatrixFormat format = MatrixFormat.ofIdOrNull(u8(in, footer, where + " format"));
            if (format == null) throw new CodecFormatException(where + ": unknown matrix format id");
            int rank = u8(in, footer, where + " rank");
            if (rank < 1 || rank > 8) throw new CodecFormatException(where + ": rank " + rank + " outside 1..8");
            int[] shape = new int[rank];
            for (int d = 0; d < rank; d++) {
                need(in, 4, footer, where + " shape");
                shape[d] = in.getInt();
                if (shape[d] < 0) throw new CodecFormatException(where + ": negative dim " + shape[d]);
            }
            need(in, 4, footer, where + " metadata length");
            int metaLen = in.getInt();
            if (metaLen < 0 || metaLen > MAX_META) throw new CodecFormatException(where + ": metadata length " + metaLen + " outside 0.." + MAX_META);
            Map<String, String> meta = parseMetadata(utf8(in, metaLen, footer, where + " metadata"), where);
            need(in, 20, footer, where + " payload location");
            toc.add(new Toc(name, format, shape, meta, in.getLong(), in.getLong(), in.getInt()));
        }
        int tocEnd = in.position();
        need(in, 4, footer, "toc checksum");
        int tocCrc = in.getInt();
        if (options.verifyChecksums() && tocCrc != crc(b, 0, tocEnd)) throw new CodecFormatException("table of contents checksum mismatch");
        long expected = in.position();
        CompressedModel model = new CompressedModel();
        for (Toc t : toc) {
            String where = "entry '" + t.name + "'";
            if (model.get(t.name) != null) throw new CodecFormatException(where + ": duplicate name");
            if (t.offset != expected) throw new CodecFormatException(where + ": payload offset " + t.offset + ", expected " + expected);
            if (t.length < 0 || t.length > footer - expected) throw new CodecFormatException(where + ": payload length " + t.length + " exceeds the " + (footer - expected) + " bytes left");
            int off = (int) t.offset, len = (int) t.length;
            if (options.verifyChecksums() && crc(b, off, len) != t.crc) throw new CodecFormatException(where + ": payload checksum mismatch");
            int[] rc = ModelEntry.matrixShape(t.shape);
            if (rc == null || (long) rc[0] * rc[1] > options.maxElementsPerEntry()) {
                throw new CodecFormatException(where + ": shape " + java.util.Arrays.toString(t.shape) + " exceeds the element limit");
            }
            EncodedMatrix m;
            try {
                m = t.format.read(java.util.Arrays.copyOfRange(b, off, off + len), options.maxElementsPerEntry());
            } catch (CodecFormatException e) {
                throw new CodecFormatException(where + ": " + e.getMessage(), e);
            }
            if (m.rows() != rc[0] || m.cols() != rc[1]) {
                throw new CodecFormatException(where + ": payload is " + m.rows() + "x" + m.cols() + " but the shape says " + rc[0] + "x" + rc[1]);
            }
            model.add(new ModelEntry(t.name, t.shape, t.meta, m));
            expected += len;
        }
        if (expected != footer) throw new CodecFormatException((footer - expected) + " bytes between the last payload and the footer");
        return model;
    }

    private static void need(ByteBuffer in, int n, int limit, String what) throws CodecFormatException {
        if (limit - in.position() < n) throw new CodecFormatException(what + ": needs " + n + " bytes, " + Math.max(0, limit - in.position()) + " left before the footer");
    }

    private static int u8(ByteBuffer in, int limit, String what) throws CodecFormatException {
        need(in, 1, limit, what);
        return in.get() & 0xff;
    }

    private static int u16(ByteBuffer in, int limit, String what) throws CodecFormatException {
        need(in, 2, limit, what);
        return in.getShort() & 0xffff;
    }

    private static String utf8(ByteBuffer in, int len, int limit, String what) throws CodecFormatException {
        need(in, len, limit, what);
        ByteBuffer slice = in.slice().limit(len);
        in.position(in.position() + len);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw new CodecFormatException(what + ": invalid UTF-8");
        }
    }

    private static Map<String, String> parseMetadata(String s, String where) throws CodecFormatException {
        Map<String, String> m = new LinkedHashMap<>();
        if (s.isEmpty()) return m;
        if (!s.endsWith("\n")) throw new CodecFormatException(where + ": metadata does not end with a newline");
        for (String line : s.substring(0, s.length() - 1).split("\n", -1)) {
            int eq = line.indexOf('=');
            if (eq <= 0) throw new CodecFormatException(where + ": metadata line without key=value");
            if (m.put(line.substring(0, eq), line.substring(eq + 1)) != null) throw new CodecFormatException(where + ": duplicate metadata key");
        }
        return m;
    }
}
