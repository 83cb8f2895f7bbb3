package dev.shears.nn.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Drives a reader over damaged copies of a valid file: every truncation, every flipped byte. */
public final class MalformedInput {

    /** A reader under test, given the file's bytes. */
    @FunctionalInterface
    public interface BytesReader {
        void read(byte[] content) throws IOException;
    }

    /** A reader under test, given a path. */
    @FunctionalInterface
    public interface Reader {
        void read(Path file) throws IOException;
    }

    private MalformedInput() {}

    /** Adapts a path reader: each content is written to {@code dir/name} first. */
    public static BytesReader viaFile(Path dir, String name, Reader reader) {
        Path f = dir.resolve(name);
        return content -> {
            Files.write(f, content);
            reader.read(f);
        };
    }

    /** Every strict prefix of {@code valid} whose length is a multiple of {@code stride} must be rejected with {@code expected}. */
    public static void assertPrefixesRejected(byte[] valid, int stride, Class<? extends IOException> expected, BytesReader reader) {
        for (int len = 0; len < valid.length; len += stride) {
            byte[] cut = Arrays.copyOf(valid, len);
            int l = len;
            assertThrows(expected, () -> reader.read(cut), () -> "prefix of " + l + " bytes was accepted");
        }
    }

    /** Every strict prefix of {@code valid}, written to a file, must be rejected with {@code expected}. */
    public static void assertEveryPrefixRejected(Path dir, String name, byte[] valid, Class<? extends IOException> expected,
                                                 Reader reader) {
        assertPrefixesRejected(valid, 1, expected, viaFile(dir, name, reader));
    }

    /**
     * Flipping all bits of byte {@code i} for every {@code i} in {@code [from, to)} stepping by {@code stride}
     * either is rejected with {@code expected} (an {@link IOException} subtype) or yields a successful read;
     * nothing else (no runtime exception, no OutOfMemoryError) may escape. Returns how many were rejected.
     */
    public static int assertFlipsRejectedOrRead(byte[] valid, int from, int to, int stride, Class<? extends IOException> expected,
                                                BytesReader reader) {
        int rejected = 0;
        for (int i = from; i < Math.min(to, valid.length); i += stride) {
            byte[] b = valid.clone();
            b[i] = (byte) ~b[i];
            try {
                reader.read(b);
            } catch (IOException e) {
                if (!expected.isInstance(e)) fail("flip at " + i + " threw " + e + ", expected " + expected.getSimpleName());
                rejected++;
            } catch (RuntimeException | Error e) {
                throw new AssertionError("flip at byte " + i + " escaped as " + e, e);
            }
        }
        return rejected;
    }

    /** {@link #assertFlipsRejectedOrRead(byte[], int, int, int, Class, BytesReader)} for every byte, through a file. */
    public static int assertFlipsRejectedOrRead(Path dir, String name, byte[] valid, int from, int to,
                                                Class<? extends IOException> expected, Reader reader) {
        return assertFlipsRejectedOrRead(valid, from, to, 1, expected, viaFile(dir, name, reader));
    }
}
