package dev.shears.nn.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import dev.shears.tensor.Parallel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads an image-folder dataset in the Caltech101 layout: {@code root/<class name>/<image file>}. Classes
 * are the sub-directories in name order (label = position); images are the files in each, in name order,
 * decoded with {@code javax.imageio} (JPEG, PNG, BMP, GIF). Grayscale images are replicated to three
 * channels (from the raster's samples, not through a colour-space conversion that would change them),
 * colour images are read as sRGB, and every image is resized bilinearly ({@link Bilinear}) to the
 * requested size, ignoring aspect ratio as Caltech101 pipelines commonly do. Hidden entries (starting with
 * '.') are skipped.
 *
 * <p>Images are decoded in parallel on {@link Parallel}'s pool (one task per file).
 * Dimensions are read from the image header and checked against {@link #MAX_PIXELS} before decoding,
 * so a file claiming a gigantic image fails with a {@link DatasetFormatException}.
 */
public final class ImageFolder {

    /** Largest image (width × height) accepted for decoding. */
    public static final long MAX_PIXELS = 50_000_000L;

    private ImageFolder() {}

    /** Loads every image under {@code root}, resized to {@code height} × {@code width} RGB. */
    public static ImageDataset load(Path root, int height, int width) throws IOException {
        if (height <= 0 || width <= 0) throw new IllegalArgumentException("size must be positive");
        List<Path> classDirs = list(root, true);
        if (classDirs.isEmpty()) throw new DatasetFormatException(root + ": no class sub-directories");
        List<String> names = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (Path dir : classDirs) {
            int label = names.size();
            names.add(dir.getFileName().toString());
            for (Path f : list(dir, false)) {
                files.add(f);
                labels.add(label);
            }
        }
        int per = 3 * height * width;
        byte[] pixels = new byte[Math.multiplyExact(files.size(), per)];
        // Images decode independently into disjoint slices, so the result does not depend on the thread count.
        try {
            Parallel.forEach(files.size(), i -> {
                try {
                    byte[] img = toBytes(decodeResized(files.get(i), height, width));
                    System.arraycopy(img, 0, pixels, i * per, per);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new ImageDataset(pixels, labels.stream().mapToInt(Integer::intValue).toArray(), 3, height, width, names);
    }

    private static byte[] toBytes(float[] img) {
        byte[] b = new byte[img.length];
        for (int k = 0; k < img.length; k++) b[k] = (byte) Math.round(Math.max(0f, Math.min(255f, img[k])));
        return b;
    }

    private static List<Path> list(Path dir, boolean dirs) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> dirs ? Files.isDirectory(p) : Files.isRegularFile(p))
                    .sorted()
                    .toList();
        }
    }

    /** Decodes one image to [3, H, W] floats in 0–255 at its own size, then resizes. */
    static float[] decodeResized(Path file, int height, int width) throws IOException {
        BufferedImage img = decode(file);
        int w = img.getWidth(), h = img.getHeight();
        float[] rgb = new float[3 * h * w];
        Raster r = img.getRaster();
        boolean gray = img.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
        if (gray) {
            int bits = img.getColorModel().getComponentSize(0);
            float scale = 255f / ((1 << bits) - 1);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float v = r.getSample(x, y, 0) * scale;
                    rgb[y * w + x] = v;
                    rgb[h * w + y * w + x] = v;
                    rgb[2 * h * w + y * w + x] = v;
                }
            }
        } else {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                img.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    rgb[y * w + x] = (row[x] >>> 16) & 0xFF;
                    rgb[h * w + y * w + x] = (row[x] >>> 8) & 0xFF;
                    rgb[2 * h * w + y * w + x] = row[x] & 0xFF;
                }
            }
        }
        if (h == height && w == width) return rgb;
        float[] out = new float[3 * height * width];
        Bilinear.resize(rgb, 0, 3, h, w, out, 0, height, width);
        return out;
    }

    private static BufferedImage decode(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) throw new DatasetFormatException(file + ": cannot open image");
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new DatasetFormatException(file + ": not a recognised image format");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0), h = reader.getHeight(0);
                if (w <= 0 || h <= 0 || w * h > MAX_PIXELS) {
                    throw new DatasetFormatException(file + ": image of " + w + "x" + h + " pixels is empty or exceeds " + MAX_PIXELS + " pixels");
                }
                return reader.read(0);
            } catch (DatasetFormatException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new DatasetFormatException(file + ": unreadable image: " + e, e);
            } finally {
                reader.dispose();
            }
        }
    }
}
