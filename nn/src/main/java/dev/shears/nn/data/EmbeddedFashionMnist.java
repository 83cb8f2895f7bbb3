package dev.shears.nn.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A small real dataset inside the shears-nn jar, so demos and smoke tests run offline: 2,000 training and
 * 1,000 test images of Fashion-MNIST (Xiao, Rasul and Vollgraf, "Fashion-MNIST: a Novel Image Dataset for
 * Benchmarking Machine Learning Algorithms", 2017; © 2017 Zalando SE, MIT licence — see the README.md next
 * to the resources). They are the first 200 training and the first 100 test images of each class, in the
 * original order, made by {@code tools/make_embedded_fashion_mnist.py} and stored as gzip IDX files.
 *
 * <p>Images are 1×28×28, labels 0–9 named as in {@link Idx#FASHION_MNIST_CLASSES}. Each split is parsed
 * once and cached (datasets are immutable).
 */
public final class EmbeddedFashionMnist {

    private static final String DIR = "/dev/shears/nn/data/";

    private EmbeddedFashionMnist() {}

    /** The 2,000 training images (200 per class). */
    public static ImageDataset train() { return Train.DATA; }

    /** The 1,000 test images (100 per class). */
    public static ImageDataset test() { return Test.DATA; }

    // Holder classes: each split is read on first use only, and thread-safely.
    private static final class Train {
        static final ImageDataset DATA = load("train");
    }

    private static final class Test {
        static final ImageDataset DATA = load("test");
    }

    private static ImageDataset load(String split) {
        String images = DIR + "fashion-mnist-" + split + "-images-idx3-ubyte.gz";
        String labels = DIR + "fashion-mnist-" + split + "-labels-idx1-ubyte.gz";
        try {
            return Idx.combine(Idx.parse(resource(images), images), images, Idx.parse(resource(labels), labels), labels,
                    Idx.FASHION_MNIST_CLASSES);
        } catch (IOException e) {
            // The files ship inside this jar: failing to read them means a broken build, not bad user input.
            throw new UncheckedIOException("embedded Fashion-MNIST resource " + split + " is unreadable", e);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = EmbeddedFashionMnist.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("missing resource " + name);
            return in.readAllBytes();
        }
    }
}
