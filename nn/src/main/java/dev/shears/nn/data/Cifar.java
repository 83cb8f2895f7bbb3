package dev.shears.nn.data;

import dev.shears.nn.io.FileBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the binary versions of CIFAR-10 and CIFAR-100 (Krizhevsky, "Learning Multiple Layers of Features
 * from Tiny Images", 2009; format as described on the dataset's page). Each record is the label byte(s)
 * followed by 3072 pixel bytes: the 1024 red values of the 32×32 image in row-major order, then green,
 * then blue — already Shears' [C, H, W] layout. CIFAR-10 records have one label byte (0–9); CIFAR-100
 * records have a coarse (0–19) then a fine (0–99) label byte.
 *
 * <p>A file's size must be a whole number of records; this is checked before anything is allocated.
 * Class names are read from {@code batches.meta.txt} / {@code coarse_label_names.txt} /
 * {@code fine_label_names.txt} when present in the same directory, else numbered.
 */
public final class Cifar {

    /** Pixel bytes per record. */
    public static final int IMAGE_BYTES = 3 * 32 * 32;

    /** Which CIFAR-100 label to use. */
    public enum Labels { COARSE, FINE }

    private Cifar() {}

    /** CIFAR-10 from the extracted {@code cifar-10-batches-bin} directory: data_batch_1..5.bin or test_batch.bin. */
    public static ImageDataset load10(Path dir, boolean train) throws IOException {
        List<Path> files = new ArrayList<>();
        if (train) for (int i = 1; i <= 5; i++) files.add(dir.resolve("data_batch_" + i + ".bin"));
        else files.add(dir.resolve("test_batch.bin"));
        return read(files, 1, 0, names(dir.resolve("batches.meta.txt"), 10));
    }

    /** CIFAR-100 from the extracted {@code cifar-100-binary} directory: train.bin or test.bin. */
    public static ImageDataset load100(Path dir, boolean train, Labels which) throws IOException {
        Path file = dir.resolve(train ? "train.bin" : "test.bin");
        return which == Labels.COARSE
                ? read(List.of(file), 2, 0, names(dir.resolve("coarse_label_names.txt"), 20))
                : read(List.of(file), 2, 1, names(dir.resolve("fine_label_names.txt"), 100));
    }

    /**
     * Reads records of {@code labelBytes} label bytes plus {@link #IMAGE_BYTES} pixels from each file in
     * turn, taking the label at {@code labelIndex}; labels must be below {@code classNames.size()}.
     */
    public static ImageDataset read(List<Path> files, int labelBytes, int labelIndex, List<String> classNames) throws IOException {
        int record = labelBytes + IMAGE_BYTES;
        long total = 0;
        for (Path f : files) {
            long size = Files.size(f);
            if (size == 0) throw new DatasetFormatException(f + ": empty file");
            if (size % record != 0) {
                throw new DatasetFormatException(f + ": " + size + " bytes is not a whole number of " + record + "-byte records"
                        + " (truncated file, or CIFAR-10 vs CIFAR-100 mix-up)");
            }
            total += size / record;
        }
        if (total * IMAGE_BYTES > FileBytes.MAX_ARRAY) throw new DatasetFormatException(files + ": " + total + " images exceed 2 GiB of pixels");
        byte[] pixels = new byte[(int) total * IMAGE_BYTES];
        int[] labels = new int[(int) total];
        int n = 0;
        for (Path f : files) {
            byte[] b = FileBytes.read(f, Long.MAX_VALUE, m -> new DatasetFormatException(f + ": " + m));
            if (b.length % record != 0) throw new DatasetFormatException(f + ": file changed size while being read");
            for (int r = 0; r < b.length / record; r++, n++) {
                if (n >= labels.length) throw new DatasetFormatException(f + ": file grew while being read");
                int label = b[r * record + labelIndex] & 0xFF;
                if (label >= classNames.size()) {
                    throw new DatasetFormatException(f + ": record " + r + " has label " + label + " outside [0, " + classNames.size() + ")");
                }
                labels[n] = label;
                System.arraycopy(b, r * record + labelBytes, pixels, n * IMAGE_BYTES, IMAGE_BYTES);
            }
        }
        if (n != labels.length) throw new DatasetFormatException(files + ": files changed size while being read");
        return new ImageDataset(pixels, labels, 3, 32, 32, classNames);
    }

    // One name per non-blank line, as in the archives' *.txt files; numbered names when the file is absent.
    private static List<String> names(Path file, int count) throws IOException {
        if (!Files.isRegularFile(file)) return ImageDataset.numberedClasses(count);
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) if (!line.isBlank()) names.add(line.strip());
        if (names.size() != count) throw new DatasetFormatException(file + ": " + names.size() + " class names, expected " + count);
        return names;
    }
}
