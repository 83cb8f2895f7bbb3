package dev.shears.nn.io;

import dev.shears.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads NumPy {@code .npz} archives ({@code numpy.savez} / {@code savez_compressed}): a zip file whose
 * entries {@code name.npy} are {@link Npy} arrays, stored or deflated. The data bound passed to the npy
 * reader is the entry's declared size, and for deflated entries also {@link FileBytes#MAX_DEFLATE_RATIO}
 * times its compressed size, so a lying entry cannot force a large allocation. Each entry's CRC-32 is
 * checked against the archive's directory.
 */
public final class Npz {

    private Npz() {}

    /** The arrays of {@code file} by name (without ".npy"), in archive order. */
    public static Map<String, Tensor> read(Path file) throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new FileFormatException(file + ": not a readable zip archive: " + e.getMessage(), e);
        }
        try (zip) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) continue;
                String name = e.getName();
                String src = file + "!" + name;
                if (!name.endsWith(".npy")) throw new FileFormatException(src + ": npz entries must be .npy files");
                long bound = e.getSize() >= 0 ? e.getSize() : Long.MAX_VALUE;
                if (e.getMethod() == ZipEntry.DEFLATED && e.getCompressedSize() >= 0) {
                    bound = Math.min(bound, e.getCompressedSize() * FileBytes.MAX_DEFLATE_RATIO + 1024);
                }
                String key = name.substring(0, name.length() - 4);
                if (out.containsKey(key)) throw new FileFormatException(src + ": duplicate array name");
                try (InputStream in = zip.getInputStream(e)) {
                    byte[] content = FileBytes.readBounded(in, Math.min(bound, FileBytes.MAX_ARRAY), m -> new FileFormatException(src + ": " + m));
                    // java.util.zip does not check entry CRCs when reading through ZipFile; do it here so a
                    // flipped bit in a stored entry is an error, not a silently different array.
                    CRC32 crc = new CRC32();
                    crc.update(content);
                    if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
                        throw new FileFormatException(src + String.format(": CRC-32 %08x does not match the archive's %08x", crc.getValue(), e.getCrc()));
                    }
                    out.put(key, Npy.read(new ByteArrayInputStream(content), content.length, src));
                } catch (FileFormatException ex) {
                    throw ex;
                } catch (ZipException | java.io.EOFException ex) {
                    throw new FileFormatException(src + ": corrupt zip entry: " + ex.getMessage(), ex);
                }
            }
        } catch (IllegalStateException | IllegalArgumentException ex) {
            throw new FileFormatException(file + ": corrupt zip archive: " + ex.getMessage(), ex);
        }
        return out;
    }
}
