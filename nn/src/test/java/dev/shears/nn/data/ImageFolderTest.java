package dev.shears.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    @TempDir Path dir;

    private static BufferedImage rgb(int w, int h, int seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, ((x * 40 + seed) & 0xFF) << 16 | ((y * 30) & 0xFF) << 8 | ((x + y + seed) * 9 & 0xFF));
        return img;
    }

    private static BufferedImage gray(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.getRaster().setSample(x, y, 0, (x * 17 + y * 5) & 0xFF);
        return img;
    }

    @Test
    void readsClassFoldersInNameOrderWithGrayReplicatedExactly() throws IOException {
        Files.createDirectories(dir.resolve("b_cats"));
        Files.createDirectories(dir.resolve("a_dogs"));
        Files.createDirectories(dir.resolve(".hidden"));
        ImageIO.write(rgb(8, 6, 1), "png", dir.resolve("a_dogs").resolve("2.png").toFile());
        ImageIO.write(gray(8, 6), "png", dir.resolve("a_dogs").resolve("1.png").toFile());
        ImageIO.write(rgb(8, 6, 2), "jpg", dir.resolve("b_cats").resolve("x.jpg").toFile());
        ImageDataset d = ImageFolder.load(dir, 6, 8);
        assertEquals(List.of("a_dogs", "b_cats"), d.classNames());
        assertEquals(3, d.size());
        assertEquals(List.of(0, 0, 1), List.of(d.label(0), d.label(1), d.label(2)));
        for (int y = 0; y < 6; y++) for (int x = 0; x < 8; x++) {
            for (int c = 0; c < 3; c++) assertEquals((x * 17 + y * 5) & 0xFF, d.pixel(0, c, y, x), "gray replicated");
            assertEquals((x * 40 + 1) & 0xFF, d.pixel(1, 0, y, x));
            assertEquals((y * 30) & 0xFF, d.pixel(1, 1, y, x));
        }
    }

    @Test
    void resizesBilinearlyLikeTheNaiveFormula() throws IOException {
        Files.createDirectories(dir.resolve("c"));
        BufferedImage img = rgb(10, 7, 3);
        ImageIO.write(img, "png", dir.resolve("c").resolve("a.png").toFile());
        ImageDataset d = ImageFolder.load(dir, 4, 5);
        for (int y = 0; y < 4; y++) for (int x = 0; x < 5; x++) {
            // align_corners=False: source = (dst + 0.5) * in / out - 0.5, clamped at 0, neighbours clamped at the edge.
            double sy = Math.max(0, (y + 0.5) * 7 / 4 - 0.5), sx = Math.max(0, (x + 0.5) * 10 / 5 - 0.5);
            int y0 = (int) sy, x0 = (int) sx, y1 = Math.min(y0 + 1, 6), x1 = Math.min(x0 + 1, 9);
            double fy = sy - y0, fx = sx - x0;
            int shift = 16;
            double v = (1 - fy) * ((1 - fx) * (img.getRGB(x0, y0) >> shift & 0xFF) + fx * (img.getRGB(x1, y0) >> shift & 0xFF))
                    + fy * ((1 - fx) * (img.getRGB(x0, y1) >> shift & 0xFF) + fx * (img.getRGB(x1, y1) >> shift & 0xFF));
            assertEquals(Math.round(v), d.pixel(0, 0, y, x), 1, "at " + y + "," + x);
        }
    }

    @Test
    void rejectsBrokenImages() throws IOException {
        Files.createDirectories(dir.resolve("c"));
        Files.write(dir.resolve("c").resolve("junk.png"), new byte[] {1, 2, 3, 4});
        assertThrows(DatasetFormatException.class, () -> ImageFolder.load(dir, 4, 4));
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        ImageIO.write(rgb(4, 4, 0), "png", png);
        byte[] b = png.toByteArray();
        Files.write(dir.resolve("c").resolve("junk.png"), java.util.Arrays.copyOf(b, b.length / 2));
        assertThrows(DatasetFormatException.class, () -> ImageFolder.load(dir, 4, 4));
        // PNG IHDR claiming 100000 x 100000 pixels: refused from the header, before decoding.
        java.nio.ByteBuffer.wrap(b).putInt(16, 100_000).putInt(20, 100_000);
        Files.write(dir.resolve("c").resolve("junk.png"), b);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> ImageFolder.load(dir, 4, 4));
        assertTrue(e.getMessage().contains("exceeds") || e.getMessage().contains("unreadable"), e.getMessage());
        // Every truncation of a small PNG is rejected or, when the cut only removed bytes the decoder never
        // needs (checksums, IEND), decodes to exactly the original pixels: never a silently wrong image.
        Path one = Files.createDirectories(dir.resolve("one"));
        Path c = Files.createDirectories(one.resolve("c"));
        byte[] small = png.toByteArray();
        Files.write(c.resolve("p.png"), small);
        ImageDataset original = ImageFolder.load(one, 4, 4);
        int rejected = 0;
        for (int len = 0; len < small.length; len++) {
            Files.write(c.resolve("p.png"), java.util.Arrays.copyOf(small, len));
            try {
                assertArrayEquals(original.imageBytes(0), ImageFolder.load(one, 4, 4).imageBytes(0), "prefix " + len);
            } catch (DatasetFormatException expected) {
                rejected++;
            }
        }
        assertTrue(rejected > small.length * 3 / 4, rejected + " of " + small.length + " truncations rejected");
        Path empty = Files.createDirectories(dir.resolve("none"));
        assertThrows(DatasetFormatException.class, () -> ImageFolder.load(empty, 4, 4));
    }
}
