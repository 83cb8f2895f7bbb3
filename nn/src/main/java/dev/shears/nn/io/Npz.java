package dev.shears.nn.io;

import dev.shears.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads NumPy {@code .npz} archives ({@code numpy.savez} / {@code savez_compressed}): a zip file whose
 * entries {@code name.npy} are {@link Npy} arrays, stored or deflated. The data bound passed to the npy
 * reader is the entry's declared size, and for deflated entries also {@link FileBytes#MAX_DEFLATE_RATIO}
 * times its compressed size, so a lying entry cannot force a large allocation.
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
                    out.put(key, Npy.read(in, bound, src));
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
