package dev.shears.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EmbeddedFashionMnistTest {

    @Test
    void hasBalancedClassesOfRealImages() {
        ImageDataset train = EmbeddedFashionMnist.train(), test = EmbeddedFashionMnist.test();
        assertEquals(2000, train.size());
        assertEquals(1000, test.size());
        int[] two = new int[10], one = new int[10];
        java.util.Arrays.fill(two, 200);
        java.util.Arrays.fill(one, 100);
        assertArrayEquals(two, train.classCounts());
        assertArrayEquals(one, test.classCounts());
        assertEquals("Ankle boot", train.classNames().get(9));
        assertSame(train, EmbeddedFashionMnist.train());
        // Real photographs of clothes are neither blank nor noise: mean intensity of Fashion-MNIST is ~0.29.
        float mean = train.images().mean();
        assertEquals(0.29, mean, 0.05);
    }

    @Test
    void equalsTheFirstImagesPerClassOfTheInstalledDataset() throws IOException {
        Path fm = Path.of("/usr/share/datasets/fashion-mnist");
        assumeTrue(Files.isRegularFile(fm.resolve("t10k-images-idx3-ubyte.gz")), "dataset-fashion-mnist not installed");
        ImageDataset want = Idx.loadSplit(fm, false, Idx.FASHION_MNIST_CLASSES).firstPerClass(100);
        ImageDataset got = EmbeddedFashionMnist.test();
        assertArrayEquals(want.labels(), got.labels());
        for (int i = 0; i < got.size(); i++) assertArrayEquals(want.imageBytes(i), got.imageBytes(i), "image " + i);
    }
}
