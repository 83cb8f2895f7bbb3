package dev.shears.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

    @TempDir Path dir;

    private long entries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void replacesContentAndLeavesNoTemporaryFiles() throws IOException {
        Path f = dir.resolve("a.bin");
        AtomicFile.write(f, new byte[] {1, 2, 3});
        AtomicFile.write(f, new byte[] {4, 5});
        assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(f));
        assertEquals(1, entries());
    }

    @Test
    void aFailedWriteKeepsTheOldFile() throws IOException {
        Path f = dir.resolve("b.bin");
        AtomicFile.write(f, new byte[] {7});
        assertThrows(IOException.class, () -> AtomicFile.write(f, ch -> {
            AtomicFile.writeFully(ch, java.nio.ByteBuffer.wrap(new byte[] {8, 9}));
            throw new IOException("disk full");
        }));
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(f));
        assertEquals(1, entries());
    }
}
