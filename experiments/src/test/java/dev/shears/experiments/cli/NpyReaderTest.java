package dev.shears.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyReaderTest {

    /** A version-1 .npy file as NumPy writes it: header padded with spaces to a multiple of 64, then '\n'. */
    static byte[] npy(String descr, String shape, double[] values, boolean bigEndian) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        int item = descr.endsWith("4") ? 4 : 8;
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + values.length * item).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        b.order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (double v : values) if (item == 4) b.putFloat((float) v); else b.putDouble(v);
        return b.array();
    }

    @Test void readsFloat32AndFloat64InBothByteOrders() throws IOException {
        double[] v = {1.5, -2, 0, 3.25, 0, 7};
        for (String d : new String[] {"<f4", ">f4", "<f8", ">f8"}) {
            NpyReader.NpyMatrix m = NpyReader.parse(npy(d, "(2, 3)", v, d.startsWith(">")), d);
            assertEquals(2, m.rows());
            assertEquals(3, m.cols());
            assertArrayEquals(new float[] {1.5f, -2, 0, 3.25f, 0, 7}, m.data(), d);
        }
        NpyReader.NpyMatrix conv = NpyReader.parse(npy("<f4", "(2, 1, 1, 3)", v, false), "conv");
        assertEquals(2, conv.rows());
        assertEquals(3, conv.cols());
        assertArrayEquals(new int[] {2, 1, 1, 3}, conv.shape());
    }

    @Test void rejectsMalformedFiles() {
        byte[] good = npy("<f4", "(2, 3)", new double[6], false);
        assertThrows(IOException.class, () -> NpyReader.parse(Arrays.copyOf(good, good.length - 1), "short data"));
        assertThrows(IOException.class, () -> NpyReader.parse(npy("<i4", "(2, 3)", new double[6], false), "int dtype"));
        assertThrows(IOException.class, () -> NpyReader.parse(npy("<f4", "(2, 4)", new double[6], false), "shape mismatch"));
        assertThrows(IOException.class, () -> NpyReader.parse(npy("<f4", "()", new double[1], false), "scalar"));
        byte[] bad = good.clone();
        bad[8] = (byte) 0xff;
        bad[9] = (byte) 0x7f;
        assertThrows(IOException.class, () -> NpyReader.parse(bad, "header length"));
        assertThrows(IOException.class, () -> NpyReader.parse(new byte[4], "tiny"));
    }

    /** `codec stats` prints one JSON line whose part sizes add up to total_bytes. */
    @Test void codecStatsPrintsOneJsonLine(@TempDir Path dir) throws IOException {
        double[] v = new double[40 * 30];
        for (int i = 0; i < v.length; i++) v[i] = i % 7 == 0 ? (i % 5) * 0.1 - 0.2 : 0;
        Path f = dir.resolve("w.npy");
        Files.write(f, npy("<f4", "(40, 30)", v, false));
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = ShearsMain.commandLine().execute("codec", "stats", "--input", f.toString(), "--format", "sham",
                    "--quantize", "cws", "--levels", "4", "--json");
        } finally {
            System.setOut(old);
        }
        assertEquals(0, code);
        String line = out.toString(StandardCharsets.UTF_8).trim();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("{\"input\"") && line.contains("\"format\":\"sham\"") && line.contains("\"psi\":"), line);
        long total = Long.parseLong(line.replaceAll(".*\"total_bytes\":(\\d+).*", "$1"));
        String parts = line.replaceAll(".*\"part_bits\":\\{([^}]*)}.*", "$1");
        long bits = Arrays.stream(parts.split(",")).mapToLong(p -> Long.parseLong(p.split(":")[1])).sum();
        assertEquals(total * 8, bits);
    }
}
