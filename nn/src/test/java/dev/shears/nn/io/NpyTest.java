package dev.shears.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    @TempDir Path dir;

    private static float[] ramp(int n) {
        float[] r = new float[n];
        for (int i = 0; i < n; i++) r[i] = i * 0.25f - 3f;
        return r;
    }

    @Test
    void readsNumpyWrittenFilesOfEveryVersion() throws IOException {
        for (String v : List.of("v1", "v2", "v3")) {
            Tensor t = Npy.read(TestResources.file("io/ramp_" + v + ".npy"));
            assertArrayEquals(new int[] {2, 3, 4}, t.shape(), v);
            assertArrayEquals(ramp(24), t.toArray(), v);
        }
    }

    @Test
    void readsNumpyNpzStoredAndDeflated() throws IOException {
        for (String f : List.of("io/arrays_stored.npz", "io/arrays_deflated.npz")) {
            Map<String, Tensor> m = Npz.read(TestResources.file(f));
            assertEquals(List.of("ramp_f4", "ramp_f8", "ints_i8", "bytes_u1", "fortran_f4", "scalar_f4"), List.copyOf(m.keySet()));
            assertArrayEquals(ramp(24), m.get("ramp_f4").toArray());
            assertArrayEquals(new int[] {4, 6}, m.get("ramp_f8").shape());
            assertArrayEquals(ramp(24), m.get("ramp_f8").toArray());
            assertArrayEquals(new float[] {-5, 0, 7, 1 << 20, -(1 << 20)}, m.get("ints_i8").toArray());
            Tensor u = m.get("bytes_u1");
            for (int r = 0; r < 2; r++) for (int c = 0; c < 8; c++) assertEquals((r * 9 + c) * 15, u.get(r, c));
            // Fortran order holds the same logical array; Shears returns it row-major.
            assertArrayEquals(new int[] {4, 6}, m.get("fortran_f4").shape());
            assertArrayEquals(ramp(24), m.get("fortran_f4").toArray());
            assertEquals(0, m.get("scalar_f4").rank());
            assertEquals(2.5f, m.get("scalar_f4").item());
        }
    }

    @Test
    void writeThenReadIsIdentityAndHeaderIsAlignedTo64() {
        // Property: read(write(t)) == t bit for bit, and the data starts at a multiple of 64.
        qt().withExamples(100).forAll(longs().all()).checkAssert(seed -> {
            Rng r = new Rng(seed);
            int[] shape = new int[r.nextInt(5)];
            for (int i = 0; i < shape.length; i++) shape[i] = r.nextInt(5);
            Tensor t = Tensor.normal(r, 0, 1, shape);
            try {
                byte[] b = Npy.toBytes(t);
                int headerLen = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
                assertEquals(0, (10 + headerLen) % 64);
                assertEquals(b.length, 10 + headerLen + 4 * t.numel());
                assertTrue(t.bitwiseEquals(Npy.read(new java.io.ByteArrayInputStream(b), b.length, "mem")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void writeGoesThroughTheFile() throws IOException {
        Tensor t = Tensor.normal(new Rng(4), 0, 1, 3, 5);
        Path f = dir.resolve("t.npy");
        Npy.write(f, t);
        assertArrayEquals(Npy.toBytes(t), Files.readAllBytes(f));
        assertTrue(t.bitwiseEquals(Npy.read(f)));
    }

    @Test
    void fortranOrderIsTransposedForHigherRanks() throws IOException {
        // A [2, 3, 4] array in Fortran order stores element (i, j, k) at i + 2j + 6k.
        float[] fortran = new float[24];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 4; k++) fortran[i + 2 * j + 6 * k] = 100 * i + 10 * j + k;
        Path f = dir.resolve("f.npy");
        Files.write(f, npy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3, 4), }", floats(fortran)));
        Tensor t = Npy.read(f);
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 4; k++) assertEquals(100 * i + 10 * j + k, t.get(i, j, k));
    }

    @Test
    void rejectsMalformedFiles() throws IOException {
        String ok = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
        byte[] two = floats(new float[] {1, 2});
        expect(npy(1, ok.replace("<f4", ">f4"), two), "unsupported dtype");
        expect(npy(1, ok.replace("(2,)", "(3,)"), two), "data bytes");
        expect(npy(1, ok.replace("(2,)", "(1,)"), two), "after the array data");
        expect(npy(1, ok.replace("(2,)", "(2)"), two), "not a tuple");
        expect(npy(1, ok.replace("(2,)", "(100000, 100000, 100000)"), two), "too large");
        expect(npy(1, ok.replace("'shape'", "'shap'"), two), "exactly");
        expect(npy(4, ok, two), "version");
        byte[] bad = npy(1, ok, two);
        bad[0] = 'X';
        expect(bad, "magic");
        byte[] huge = npy(2, ok, two);
        huge[8] = huge[9] = huge[10] = huge[11] = (byte) 0xFF;
        expect(huge, "header length");
        byte[] valid = npy(1, ok, two);
        MalformedInput.BytesReader npy = b -> Npy.read(new java.io.ByteArrayInputStream(b), b.length, "mem");
        MalformedInput.assertPrefixesRejected(valid, 1, FileFormatException.class, npy);
        MalformedInput.assertFlipsRejectedOrRead(valid, 0, valid.length, 1, FileFormatException.class, npy);
        MalformedInput.assertPrefixesRejected(valid, 7, FileFormatException.class, MalformedInput.viaFile(dir, "cut.npy", Npy::read));
    }

    @Test
    void npzRejectsTruncationAndCorruption() throws IOException {
        // A one-array archive keeps the number of damaged files (each written to disk) small.
        for (int method : new int[] {ZipEntry.STORED, ZipEntry.DEFLATED}) {
            byte[] valid = npz(method, "a", Npy.toBytes(Tensor.arange(3)));
            assertArrayEquals(new float[] {0, 1, 2}, readNpz(valid).get("a").toArray());
            MalformedInput.assertEveryPrefixRejected(dir, "cut.npz", valid, IOException.class, Npz::read);
            MalformedInput.assertFlipsRejectedOrRead(dir, "flip.npz", valid, 0, valid.length, IOException.class, Npz::read);
            // Every flipped byte of the array data itself is caught by the CRC check.
            if (method == ZipEntry.STORED) {
                int dataStart = indexOf(valid, Npy.toBytes(Tensor.arange(3)));
                int rejected = MalformedInput.assertFlipsRejectedOrRead(dir, "flip.npz", valid, dataStart, dataStart + 76, IOException.class, Npz::read);
                assertEquals(76, rejected);
            }
        }
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("notes.txt"));
            z.write("hello".getBytes(StandardCharsets.US_ASCII));
        }
        Path f = dir.resolve("txt.npz");
        Files.write(f, zip.toByteArray());
        assertTrue(assertThrows(FileFormatException.class, () -> Npz.read(f)).getMessage().contains(".npy"));
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }

    private Map<String, Tensor> readNpz(byte[] content) throws IOException {
        Path f = dir.resolve("one.npz");
        Files.write(f, content);
        return Npz.read(f);
    }

    /** A zip archive holding {@code name}.npy, stored or deflated, as numpy.savez would write it. */
    static byte[] npz(int method, String name, byte[] npy) throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            ZipEntry e = new ZipEntry(name + ".npy");
            e.setMethod(method);
            if (method == ZipEntry.STORED) {
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(npy);
                e.setSize(npy.length);
                e.setCompressedSize(npy.length);
                e.setCrc(crc.getValue());
            }
            z.putNextEntry(e);
            z.write(npy);
        }
        return zip.toByteArray();
    }

    private void expect(byte[] file, String message) throws IOException {
        Path f = dir.resolve("bad.npy");
        Files.write(f, file);
        FileFormatException e = assertThrows(FileFormatException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    static byte[] floats(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) b.putFloat(x);
        return b.array();
    }

    /** An npy file built by hand: version {@code major}.0, header padded to 64 as NEP 1 describes. */
    static byte[] npy(int major, String dict, byte[] data) {
        int pre = major == 1 ? 10 : 12;
        int total = (pre + dict.length() + 1 + 63) / 64 * 64;
        int hl = total - pre;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0, (byte) hl, (byte) (hl >> 8)});
        if (major != 1) out.writeBytes(new byte[] {0, 0});
        out.writeBytes((dict + " ".repeat(hl - 1 - dict.length()) + "\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(data);
        return out.toByteArray();
    }
}
