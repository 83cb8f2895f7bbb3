package dev.shears.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageDatasetTest {

    /** 20 one-pixel images: pixel i, label i % 10. */
    private static ImageDataset tiny() {
        byte[] p = new byte[20];
        int[] l = new int[20];
        for (int i = 0; i < 20; i++) {
            p[i] = (byte) i;
            l[i] = i % 10;
        }
        return new ImageDataset(p, l, 1, 1, 1, Idx.MNIST_CLASSES);
    }

    @Test
    void withClassesKeepsOrderAndRelabels() {
        ImageDataset d = tiny().withClasses(7, 5);
        assertEquals(List.of("7", "5"), d.classNames());
        assertArrayEquals(new int[] {1, 0, 1, 0}, d.labels());
        assertEquals(List.of(5, 7, 15, 17), List.of(d.pixel(0, 0, 0, 0), d.pixel(1, 0, 0, 0), d.pixel(2, 0, 0, 0), d.pixel(3, 0, 0, 0)));
        assertThrows(IllegalArgumentException.class, () -> tiny().withClasses(5, 5));
    }

    @Test
    void firstAndFirstPerClassAndSubset() {
        assertEquals(3, tiny().first(3).size());
        assertEquals(20, tiny().first(99).size());
        ImageDataset one = tiny().firstPerClass(1);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, one.labels());
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, one.classCounts());
        ImageDataset rest = tiny().restPerClass(1);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, rest.labels());
        assertEquals(10, rest.pixel(0, 0, 0, 0), "the second image of class 0");
        ImageDataset s = tiny().subset(new int[] {19, 0, 19});
        assertArrayEquals(new int[] {9, 0, 9}, s.labels());
        assertEquals(19, s.pixel(2, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> tiny().subset(new int[] {20}));
    }

    @Test
    void channelStatsMatchTheNaiveFormula() {
        ImageDataset d = EmbeddedFashionMnist.test().first(50).toRgb();
        float[][] st = d.channelStats();
        float[] all = d.images().toArray();
        for (int c = 0; c < 3; c++) {
            double sum = 0, sq = 0;
            int n = 0;
            for (int i = 0; i < d.size(); i++) for (int k = 0; k < 784; k++) {
                double v = all[(i * 3 + c) * 784 + k];
                sum += v;
                n++;
            }
            double mean = sum / n;
            for (int i = 0; i < d.size(); i++) for (int k = 0; k < 784; k++) {
                double v = all[(i * 3 + c) * 784 + k] - mean;
                sq += v * v;
            }
            assertEquals(mean, st[0][c], 1e-6);
            assertEquals(Math.sqrt(sq / n), st[1][c], 1e-6);
        }
    }

    @Test
    void toRgbReplicatesAndImagesScaleTo01() {
        ImageDataset rgb = tiny().toRgb();
        assertEquals(3, rgb.channels());
        for (int c = 0; c < 3; c++) assertEquals(13, rgb.pixel(13, c, 0, 0));
        assertEquals(13 / 255f, rgb.images().get(13, 2, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ImageDataset(new byte[2], new int[] {0, 10}, 1, 1, 1, Idx.MNIST_CLASSES));
        assertThrows(IllegalArgumentException.class, () -> new ImageDataset(new byte[3], new int[] {0, 1}, 1, 1, 1, Idx.MNIST_CLASSES));
    }
}
