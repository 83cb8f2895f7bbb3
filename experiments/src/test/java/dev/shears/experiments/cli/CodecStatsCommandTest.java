package dev.shears.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shears.nn.io.Npy;
import dev.shears.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodecStatsCommandTest {

    /** `codec stats` prints one JSON line whose part sizes add up to total_bytes. */
    @Test void codecStatsPrintsOneJsonLine(@TempDir Path dir) throws Exception {
        float[] v = new float[40 * 30];
        for (int i = 0; i < v.length; i++) v[i] = i % 7 == 0 ? (i % 5) * 0.1f - 0.2f : 0f;
        Path f = dir.resolve("w.npy");
        Npy.write(f, Tensor.of(v, 40, 30));
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
