package dev.shears.nn.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Drives a reader over damaged copies of a valid file: every truncation, every flipped byte. */
public final class MalformedInput {

    /** A reader under test. */
    @FunctionalInterface
    public interface Reader {
        void read(Path file) throws IOException;
    }

    private MalformedInput() {}

    /** Every strict prefix of {@code valid} must be rejected with {@code expected}. */
    public static void assertEveryPrefixRejected(Path dir, String name, byte[] valid, Class<? extends IOException> expected,
                                                 Reader reader) throws IOException {
        Path f = dir.resolve(name);
        for (int len = 0; len < valid.length; len++) {
            Files.write(f, java.util.Arrays.copyOf(valid, len));
            int l = len;
            assertThrows(expected, () -> reader.read(f), () -> "prefix of " + l + " bytes was accepted");
        }
    }

    /**
     * Flipping all bits of any byte in {@code [from, to)} either is rejected with an {@link IOException}
     * subtype {@code expected} or yields a successful read; nothing else (no runtime exception, no
     * OutOfMemoryError) may escape. Returns how many flips were rejected.
     */
    public static int assertFlipsRejectedOrRead(Path dir, String name, byte[] valid, int from, int to,
                                                Class<? extends IOException> expected, Reader reader) throws IOException {
        Path f = dir.resolve(name);
        int rejected = 0;
        for (int i = from; i < Math.min(to, valid.length); i++) {
            byte[] b = valid.clone();
            b[i] = (byte) ~b[i];
            Files.write(f, b);
            try {
                reader.read(f);
            } catch (IOException e) {
                if (!expected.isInstance(e)) fail("flip at " + i + " threw " + e + ", expected " + expected.getSimpleName());
                rejected++;
            } catch (RuntimeException | Error e) {
                throw new AssertionError("flip at byte " + i + " escaped as " + e, e);
            }
        }
        return rejected;
    }
}
