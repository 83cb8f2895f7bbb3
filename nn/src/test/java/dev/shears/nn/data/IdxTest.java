package dev.shears.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shears.nn.io.MalformedInput;
import dev.shears.tensor.random.Rng;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

    @TempDir Path dir;

    /** IDX bytes as the MNIST page describes them: 00 00 08 rank, big-endian sizes, data. */
    static byte[] idx(int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) 8).put((byte) dims.length);
        for (int d : dims) b.putInt(d);
        return b.put(data).array();
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) { g.write(b); }
        return out.toByteArray();
    }

    @Test
    void readsImagesAndLabelsPlainAndGzipped() throws IOException {
        Rng r = new Rng(3);
        int n = 5, h = 4, w = 3;
        byte[] px = new byte[n * h * w];
        for (int i = 0; i < px.length; i++) px[i] = (byte) r.nextInt(256);
        byte[] lb = {3, 0, 9, 9, 1};
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(idx(new int[] {n, h, w}, px)));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), idx(new int[] {n}, lb));
        ImageDataset d = Idx.loadSplit(dir, true, Idx.MNIST_CLASSES);
        assertEquals(n, d.size());
        assertEquals(1, d.channels());
        assertEquals(h, d.height());
        assertEquals(w, d.width());
        for (int i = 0; i < n; i++) {
            assertEquals(lb[i], d.label(i));
            for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) assertEquals(px[(i * h + y) * w + x] & 0xFF, d.pixel(i, 0, y, x));
        }
        assertEquals((px[7] & 0xFF) / 255f, d.image(0).data()[7]);
    }

    @Test
    void rejectsMalformedFiles() throws IOException {
        byte[] valid = idx(new int[] {2, 2, 2}, new byte[8]);
        for (byte[] file : new byte[][] {valid, gzip(valid)}) {
            MalformedInput.BytesReader idx = b -> Idx.parse(b, "mem");
            MalformedInput.assertPrefixesRejected(file, 1, DatasetFormatException.class, idx);
            MalformedInput.assertFlipsRejectedOrRead(file, 0, file.length, 1, DatasetFormatException.class, idx);
            MalformedInput.assertPrefixesRejected(file, 5, DatasetFormatException.class, MalformedInput.viaFile(dir, "cut", Idx::read));
        }
        expect(idx(new int[] {2, 2, 2}, new byte[9]), "trailing");
        expect(idx(new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE}, new byte[8]), "truncated");
        expect(idx(new int[] {-1, 2, 2}, new byte[8]), "negative");
        byte[] floats = idx(new int[] {2}, new byte[2]);
        floats[2] = 0x0D;
        expect(floats, "0x0D");
        byte[] notIdx = idx(new int[] {2}, new byte[2]);
        notIdx[0] = 1;
        expect(notIdx, "magic");
        // A dimension product that overflows 64 bits must still be reported as missing data.
        expect(idx(new int[] {65536, 65536, 65536, 65536, 65536}, new byte[1]), "truncated");
        Idx.Array images = Idx.parse(idx(new int[] {2, 2, 2}, new byte[8]), "img");
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> Idx.combine(images, "img", Idx.parse(idx(new int[] {3}, new byte[3]), "lab"), "lab", Idx.MNIST_CLASSES));
        assertTrue(e.getMessage().contains("3 labels for 2 images"), e.getMessage());
        e = assertThrows(DatasetFormatException.class,
                () -> Idx.combine(images, "img", Idx.parse(idx(new int[] {2}, new byte[] {1, 10}), "lab"), "lab", Idx.MNIST_CLASSES));
        assertTrue(e.getMessage().contains("label 10"), e.getMessage());
    }

    private void expect(byte[] file, String message) throws IOException {
        Path f = dir.resolve("bad");
        Files.write(f, file);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void readsTheInstalledFashionMnistTestSplit() throws IOException {
        Path fm = Path.of("/usr/share/datasets/fashion-mnist");
        assumeTrue(Files.isRegularFile(fm.resolve("t10k-images-idx3-ubyte.gz")), "dataset-fashion-mnist not installed");
        ImageDataset test = Idx.loadSplit(fm, false, Idx.FASHION_MNIST_CLASSES);
        assertEquals(10_000, test.size());
        assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, test.classCounts());
        assertEquals(28, test.height());
    }
}
