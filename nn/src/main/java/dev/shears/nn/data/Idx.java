package dev.shears.nn.data;

import dev.shears.nn.io.ByteCursor;
import dev.shears.nn.io.FileBytes;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Reads MNIST-style IDX files (LeCun et al., "THE MNIST DATABASE of handwritten digits", file format
 * section): two zero bytes, a type byte (0x08 = unsigned byte, the only type MNIST and Fashion-MNIST use,
 * and the only one accepted), the number of dimensions, one big-endian 32-bit size per dimension, then
 * the data in row-major order. Files may be gzip-compressed (detected by the magic bytes 1f 8b). The
 * header's sizes are checked against the bytes present before any array of that size is allocated, and
 * the data must end exactly where the sizes say.
 */
public final class Idx {

    /** Class names of MNIST digits. */
    public static final List<String> MNIST_CLASSES = ImageDataset.numberedClasses(10);

    /** Class names of Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017), in label order. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** An unsigned-byte IDX array: its dimensions and row-major data. */
    public record Array(int[] dims, byte[] data) {}

    private Idx() {}

    /** Reads an IDX file (plain or gzip). */
    public static Array read(Path file) throws IOException {
        String src = file.toString();
        byte[] raw = FileBytes.read(file, Long.MAX_VALUE, m -> new DatasetFormatException(src + ": " + m));
        return parse(raw, src);
    }

    /** Parses IDX bytes (plain or gzip); {@code src} names them in error messages. */
    public static Array parse(byte[] raw, String src) throws DatasetFormatException {
        try {
            byte[] b = FileBytes.gunzipIfNeeded(raw, m -> new DatasetFormatException(src + ": " + m));
            ByteCursor in = new ByteCursor(b, 0, b.length, ByteOrder.BIG_ENDIAN, m -> new DatasetFormatException(src + ": " + m));
            int z0 = in.u8("IDX magic"), z1 = in.u8("IDX magic"), type = in.u8("IDX magic"), rank = in.u8("IDX magic");
            if (z0 != 0 || z1 != 0) throw new DatasetFormatException(src + ": not an IDX file (magic must start with 00 00)");
            if (type != 0x08) {
                throw new DatasetFormatException(src + String.format(": IDX element type 0x%02X is not supported (only unsigned byte, 0x08)", type));
            }
            if (rank == 0) throw new DatasetFormatException(src + ": IDX file with zero dimensions");
            int[] dims = new int[rank];
            long count = 1;
            for (int i = 0; i < rank; i++) {
                int d = in.i32("IDX dimension sizes");
                if (d < 0) throw new DatasetFormatException(src + ": negative IDX dimension " + (d & 0xFFFFFFFFL));
                dims[i] = d;
                count = Math.min(count * d, 1L << 31); // saturates: any count this large is an error below
            }
            if (count != in.remaining()) {
                String what = count > in.remaining() ? "truncated" : "has trailing bytes";
                throw new DatasetFormatException(src + ": " + what + ": dimensions " + Arrays.toString(dims) + " need "
                        + (count == 1L << 31 ? "at least " : "") + count + " data bytes, " + in.remaining() + " present");
            }
            int at = in.take(count, "IDX data");
            return new Array(dims, Arrays.copyOfRange(b, at, at + (int) count));
        } catch (DatasetFormatException e) {
            throw e;
        } catch (dev.shears.nn.io.FileFormatException e) {
            throw new DatasetFormatException(e.getMessage(), e);
        }
    }

    /** An image dataset from an images file [N, H, W] and a labels file [N] (each plain or gzip). */
    public static ImageDataset load(Path images, Path labels, List<String> classNames) throws IOException {
        return combine(read(images), images.toString(), read(labels), labels.toString(), classNames);
    }

    /**
     * The train or test split of MNIST-layout files in {@code dir}: {@code train-images-idx3-ubyte} and
     * {@code train-labels-idx1-ubyte} (or {@code t10k-...} for test), each with or without {@code .gz}.
     */
    public static ImageDataset loadSplit(Path dir, boolean train, List<String> classNames) throws IOException {
        String prefix = train ? "train" : "t10k";
        return load(find(dir, prefix + "-images-idx3-ubyte"), find(dir, prefix + "-labels-idx1-ubyte"), classNames);
    }

    private static Path find(Path dir, String base) throws IOException {
        for (String name : new String[] {base, base + ".gz", base.replace("-idx", ".idx")}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) return p;
        }
        throw new java.io.FileNotFoundException(dir.resolve(base) + "[.gz] not found");
    }

    /** Combines parsed image and label arrays into a dataset, checking that they agree. */
    public static ImageDataset combine(Array images, String imagesSrc, Array labels, String labelsSrc, List<String> classNames)
            throws DatasetFormatException {
        if (images.dims().length != 3) {
            throw new DatasetFormatException(imagesSrc + ": images must have 3 dimensions [N, H, W], got " + Arrays.toString(images.dims()));
        }
        if (labels.dims().length != 1) {
            throw new DatasetFormatException(labelsSrc + ": labels must have 1 dimension [N], got " + Arrays.toString(labels.dims()));
        }
        int n = images.dims()[0];
        if (labels.dims()[0] != n) {
            throw new DatasetFormatException(labelsSrc + ": " + labels.dims()[0] + " labels for " + n + " images in " + imagesSrc);
        }
        if (n > 0 && (images.dims()[1] == 0 || images.dims()[2] == 0)) throw new DatasetFormatException(imagesSrc + ": empty images");
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = labels.data()[i] & 0xFF;
            if (l[i] >= classNames.size()) {
                throw new DatasetFormatException(labelsSrc + ": label " + l[i] + " at index " + i + " outside [0, " + classNames.size() + ")");
            }
        }
        return new ImageDataset(images.data(), l, 1, Math.max(1, images.dims()[1]), Math.max(1, images.dims()[2]), classNames);
    }
}
