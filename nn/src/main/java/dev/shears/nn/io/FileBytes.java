package dev.shears.nn.io;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads whole files into memory with their size checked first, transparently decompressing gzip
 * (detected by the magic bytes 1f 8b, not by the file name).
 */
public final class FileBytes {

    /**
     * Largest expansion a DEFLATE stream can achieve (about 1032:1, RFC 1951: a 258-byte match costs at
     * least two bits). Output beyond this bound cannot come from a valid stream of that size, so it is a
     * cheap guard against decompression bombs.
     */
    public static final int MAX_DEFLATE_RATIO = 1032;

    /** Largest array the JVM allocates reliably. */
    public static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private FileBytes() {}

    /** The file's bytes, refusing files larger than {@code maxBytes} before allocating. */
    public static byte[] read(Path file, long maxBytes, Function<String, ? extends FileFormatException> errors) throws IOException {
        long size = Files.size(file);
        if (size > Math.min(maxBytes, MAX_ARRAY)) {
            throw errors.apply("file of " + size + " bytes exceeds the limit of " + Math.min(maxBytes, MAX_ARRAY) + " bytes");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes((int) size);
            if (b.length != size || in.read() != -1) throw errors.apply("file changed size while being read");
            return b;
        }
    }

    /** True if {@code b} starts with the gzip magic number 1f 8b. */
    public static boolean isGzip(byte[] b) { return b.length >= 2 && (b[0] & 0xFF) == 0x1f && (b[1] & 0xFF) == 0x8b; }

    /** The decompressed content when {@code raw} is gzip, otherwise {@code raw} itself. */
    public static byte[] gunzipIfNeeded(byte[] raw, Function<String, ? extends FileFormatException> errors) throws FileFormatException {
        if (!isGzip(raw)) return raw;
        long bound = Math.min(MAX_ARRAY, (long) raw.length * MAX_DEFLATE_RATIO + 1024);
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
            return readBounded(in, bound, errors);
        } catch (EOFException e) {
            throw errors.apply("truncated gzip stream");
        } catch (ZipException e) {
            throw errors.apply("corrupt gzip stream: " + e.getMessage());
        } catch (FileFormatException e) {
            throw e;
        } catch (IOException e) {
            throw (FileFormatException) errors.apply("unreadable gzip stream: " + e.getMessage()).initCause(e);
        }
    }

    /** All bytes of {@code in}, failing if there are more than {@code limit}. */
    public static byte[] readBounded(InputStream in, long limit, Function<String, ? extends FileFormatException> errors) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > limit) throw errors.apply("decompressed data exceeds " + limit + " bytes");
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
