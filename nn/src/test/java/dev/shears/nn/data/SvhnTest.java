package dev.shears.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shears.nn.io.MalformedInput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SvhnTest {

    @TempDir Path dir;

    private static int value(int r, int c, int ch, int i) { return (r * 5 + c * 11 + ch * 70 + i * 13) & 0xFF; }

    /** An SVHN-like file: X uint8 [h, w, 3, n] column-major, y [n, 1] double (or compacted to miUINT8). */
    static byte[] svhn(ByteOrder order, boolean compress, int h, int w, int[] y, boolean yAsBytes) {
        int n = y.length;
        byte[] x = new byte[h * w * 3 * n];
        for (int i = 0; i < n; i++) for (int ch = 0; ch < 3; ch++) for (int c = 0; c < w; c++) for (int r = 0; r < h; r++) {
            x[r + h * c + h * w * ch + h * w * 3 * i] = (byte) value(r, c, ch, i);
        }
        MatV5Writer m = new MatV5Writer(order, compress).text("note", "svhn test").variable("X", 9, new int[] {h, w, 3, n}, 2, x);
        if (yAsBytes) {
            byte[] yb = new byte[n];
            for (int i = 0; i < n; i++) yb[i] = (byte) y[i];
            m.variable("y", 6, new int[] {n, 1}, 2, yb);
        } else {
            ByteBuffer yb = ByteBuffer.allocate(8 * n).order(order);
            for (int v : y) yb.putDouble(v);
            m.variable("y", 6, new int[] {n, 1}, 9, yb.array());
        }
        return m.bytes();
    }

    @Test
    void readsXTransposedAndMapsLabel10ToDigit0InEveryEncoding() throws IOException {
        int[] y = {10, 1, 5, 9, 10, 3};
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            for (boolean compress : new boolean[] {false, true}) {
                for (boolean yBytes : new boolean[] {false, true}) {
                    Path f = dir.resolve("train_32x32.mat");
                    Files.write(f, svhn(order, compress, 32, 32, y, yBytes));
                    ImageDataset d = Svhn.load(f);
                    String what = order + " compress=" + compress + " yBytes=" + yBytes;
                    assertEquals(y.length, d.size(), what);
                    assertEquals(3, d.channels());
                    for (int i = 0; i < y.length; i++) {
                        assertEquals(y[i] % 10, d.label(i), what);
                        for (int ch = 0; ch < 3; ch++) for (int r = 0; r < 32; r += 7) for (int c = 0; c < 32; c += 5) {
                            assertEquals(value(r, c, ch, i), d.pixel(i, ch, r, c), what);
                        }
                    }
                }
            }
        }
    }

    @Test
    void skipsNonNumericVariables() throws IOException {
        Map<String, MatFile.Array> vars = MatFile.parse(svhn(ByteOrder.LITTLE_ENDIAN, true, 2, 3, new int[] {1}, false), "t");
        assertEquals(java.util.List.of("X", "y"), java.util.List.copyOf(vars.keySet()));
    }

    @Test
    void rejectsEveryTruncationAndFlippedByte() throws IOException {
        for (boolean compress : new boolean[] {false, true}) {
            byte[] valid = svhn(ByteOrder.LITTLE_ENDIAN, compress, 2, 3, new int[] {4, 10}, false);
            MalformedInput.BytesReader svhn = b -> Svhn.fromVariables(MatFile.parse(b, "mem"), "mem");
            MalformedInput.assertPrefixesRejected(valid, 1, DatasetFormatException.class, svhn);
            MalformedInput.assertFlipsRejectedOrRead(valid, 0, valid.length, 1, DatasetFormatException.class, svhn);
            // The file path goes through the same parser; spot-check it.
            MalformedInput.assertPrefixesRejected(valid, 37, DatasetFormatException.class, MalformedInput.viaFile(dir, "cut.mat", Svhn::load));
        }
    }

    @Test
    void rejectsInconsistentVariables() throws IOException {
        expect(new MatV5Writer(ByteOrder.LITTLE_ENDIAN, false).variable("X", 9, new int[] {2, 2, 3, 1}, 2, new byte[11]).bytes(), "data bytes");
        expect(new MatV5Writer(ByteOrder.LITTLE_ENDIAN, false).variable("X", 9, new int[] {2, 2, 3, 1}, 2, new byte[12]).bytes(), "needs variables X and y");
        expect(new MatV5Writer(ByteOrder.LITTLE_ENDIAN, false).variable("X", 9, new int[] {2, 2, 1}, 2, new byte[4])
                .variable("y", 6, new int[] {1, 1}, 2, new byte[] {1}).bytes(), "must be [H, W, 3, N]");
        expect(new MatV5Writer(ByteOrder.LITTLE_ENDIAN, true).variable("X", 9, new int[] {1, 1, 3, 1}, 2, new byte[3])
                .variable("y", 6, new int[] {1, 1}, 2, new byte[] {11}).bytes(), "not a label");
        expect(new MatV5Writer(ByteOrder.LITTLE_ENDIAN, true).variable("X", 9, new int[] {1, 1, 3, 2}, 2, new byte[6])
                .variable("y", 6, new int[] {1, 1}, 2, new byte[] {1}).bytes(), "y must be");
        byte[] v73 = svhn(ByteOrder.LITTLE_ENDIAN, false, 1, 1, new int[] {1}, true);
        v73[125] = 2;
        expect(v73, "version");
        // A compressed element claiming a gigantic matrix is refused before allocation.
        byte[] bomb = new MatV5Writer(ByteOrder.LITTLE_ENDIAN, false).bytes();
        java.io.ByteArrayOutputStream z = new java.io.ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream d = new java.util.zip.DeflaterOutputStream(z)) {
            d.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(14).putInt(0x7FFF0000).array());
        }
        ByteBuffer b = ByteBuffer.allocate(bomb.length + 8 + z.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(bomb).putInt(15).putInt(z.size()).put(z.toByteArray());
        expect(b.array(), "more than");
    }

    private void expect(byte[] file, String message) throws IOException {
        Path f = dir.resolve("bad.mat");
        Files.write(f, file);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Svhn.load(f));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
