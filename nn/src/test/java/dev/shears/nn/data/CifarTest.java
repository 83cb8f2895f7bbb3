package dev.shears.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shears.nn.io.MalformedInput;
import dev.shears.tensor.random.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarTest {

    @TempDir Path dir;

    /** CIFAR records: label byte(s), then 1024 R, 1024 G, 1024 B bytes, pixel value f(record, channel, y, x). */
    private static byte[] records(int n, int[][] labels) {
        int lb = labels[0].length;
        byte[] b = new byte[n * (lb + 3072)];
        for (int r = 0; r < n; r++) {
            int o = r * (lb + 3072);
            for (int k = 0; k < lb; k++) b[o + k] = (byte) labels[r][k];
            for (int c = 0; c < 3; c++) for (int y = 0; y < 32; y++) for (int x = 0; x < 32; x++) b[o + lb + c * 1024 + y * 32 + x] = (byte) (r * 7 + c * 50 + y * 3 + x);
        }
        return b;
    }

    @Test
    void readsCifar10BatchesInOrder() throws IOException {
        Rng rng = new Rng(1);
        int[][] all = new int[10][1];
        for (int[] l : all) l[0] = rng.nextInt(10);
        for (int i = 1; i <= 5; i++) Files.write(dir.resolve("data_batch_" + i + ".bin"), records(2, new int[][] {all[2 * i - 2], all[2 * i - 1]}));
        Files.writeString(dir.resolve("batches.meta.txt"), "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n");
        ImageDataset d = Cifar.load10(dir, true);
        assertEquals(10, d.size());
        assertEquals("truck", d.classNames().get(9));
        for (int i = 0; i < 10; i++) {
            assertEquals(all[i][0], d.label(i));
            int rec = i % 2;
            assertEquals((rec * 7 + 2 * 50 + 5 * 3 + 6) & 0xFF, d.pixel(i, 2, 5, 6));
        }
    }

    @Test
    void readsCifar100CoarseAndFine() throws IOException {
        Files.write(dir.resolve("test.bin"), records(3, new int[][] {{19, 99}, {0, 5}, {7, 42}}));
        ImageDataset fine = Cifar.load100(dir, false, Cifar.Labels.FINE);
        ImageDataset coarse = Cifar.load100(dir, false, Cifar.Labels.COARSE);
        assertEquals(100, fine.numClasses());
        assertEquals(20, coarse.numClasses());
        assertEquals(List.of(99, 5, 42), List.of(fine.label(0), fine.label(1), fine.label(2)));
        assertEquals(List.of(19, 0, 7), List.of(coarse.label(0), coarse.label(1), coarse.label(2)));
        assertEquals((7 + 0 + 31 * 3 + 31) & 0xFF, fine.pixel(1, 0, 31, 31));
    }

    @Test
    void rejectsMalformedFiles() throws IOException {
        byte[] valid = records(1, new int[][] {{3}});
        // Records are 3073 bytes: every prefix up to 100 bytes, then every 97th.
        MalformedInput.BytesReader cifar = MalformedInput.viaFile(dir, "test_batch.bin", f -> Cifar.load10(dir, false));
        MalformedInput.assertPrefixesRejected(java.util.Arrays.copyOf(valid, 100), 1, DatasetFormatException.class, cifar);
        MalformedInput.assertPrefixesRejected(valid, 97, DatasetFormatException.class, cifar);
        Files.write(dir.resolve("test_batch.bin"), java.util.Arrays.copyOf(valid, valid.length - 1));
        assertTrue(assertThrows(DatasetFormatException.class, () -> Cifar.load10(dir, false)).getMessage().contains("whole number"));
        byte[] badLabel = valid.clone();
        badLabel[0] = 10;
        Files.write(dir.resolve("test_batch.bin"), badLabel);
        assertTrue(assertThrows(DatasetFormatException.class, () -> Cifar.load10(dir, false)).getMessage().contains("label 10"));
        // A CIFAR-100 file read as CIFAR-10 has the wrong record size.
        Files.write(dir.resolve("test_batch.bin"), records(1, new int[][] {{1, 2}}));
        assertThrows(DatasetFormatException.class, () -> Cifar.load10(dir, false));
        Files.write(dir.resolve("test_batch.bin"), valid);
        Files.writeString(dir.resolve("batches.meta.txt"), "a\nb\n");
        assertThrows(DatasetFormatException.class, () -> Cifar.load10(dir, false));
    }
}
