package dev.shears.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shears.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class DataLoaderTest {

    /** n images 1x6x6 whose pixels encode their index; label = index % 10. */
    private static ImageDataset data(int n) {
        byte[] p = new byte[n * 36];
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 36; k++) p[i * 36 + k] = (byte) (i * 3 + k);
            l[i] = i % 10;
        }
        return new ImageDataset(p, l, 1, 6, 6, Idx.MNIST_CLASSES);
    }

    private static List<Batch> collect(DataLoader loader, int epoch) {
        List<Batch> out = new ArrayList<>();
        try (DataLoader.Epoch e = loader.epoch(epoch)) {
            for (Batch b : e) out.add(b);
        }
        return out;
    }

    @Test
    void everyImageOnceWithCorrectBatchSizes() {
        ImageDataset d = data(23);
        DataLoader keep = DataLoader.builder(d).batchSize(5).seed(9).build();
        List<Batch> batches = collect(keep, 0);
        assertEquals(5, keep.batchesPerEpoch());
        assertEquals(List.of(5, 5, 5, 5, 3), batches.stream().map(Batch::size).toList());
        int[] seen = batches.stream().flatMapToInt(b -> Arrays.stream(b.indices())).sorted().toArray();
        int[] all = new int[23];
        for (int i = 0; i < 23; i++) all[i] = i;
        assertArrayEquals(all, seen);
        for (Batch b : batches) {
            assertArrayEquals(new int[] {b.size(), 1, 6, 6}, b.images().shape());
            for (int k = 0; k < b.size(); k++) {
                assertEquals(b.indices()[k] % 10, b.labels()[k]);
                assertEquals(d.image(b.indices()[k]).get(0, 2, 3), b.images().get(k, 0, 2, 3));
            }
        }
        DataLoader drop = DataLoader.builder(d).batchSize(5).dropLast(true).build();
        assertEquals(List.of(5, 5, 5, 5), collect(drop, 0).stream().map(Batch::size).toList());
        DataLoader ordered = DataLoader.builder(d).batchSize(23).shuffle(false).build();
        assertArrayEquals(all, collect(ordered, 3).get(0).indices());
    }

    @Test
    void shuffleDependsOnSeedAndEpochOnly() {
        ImageDataset d = data(50);
        DataLoader a = DataLoader.builder(d).seed(1).build(), b = DataLoader.builder(d).seed(1).build(), c = DataLoader.builder(d).seed(2).build();
        assertArrayEquals(a.order(0), b.order(0));
        assertFalse(Arrays.equals(a.order(0), a.order(1)));
        assertFalse(Arrays.equals(a.order(0), c.order(0)));
        assertNotEquals(DataLoader.mix(1, 0), DataLoader.mix(0, 1));
    }

    @Test
    void batchesAreIdenticalWhateverThePrefetchDepthAndTiming() {
        // Property: with random crops and flips, prefetch 0, 1 and 2 (and a transform that sleeps for random,
        // unseeded times) produce bit-identical batches for the same seed and epoch.
        ImageDataset d = data(40);
        Transform jitter = (img, rng) -> {
            try {
                Thread.sleep(ThreadLocalRandom.current().nextInt(3));
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
            return img;
        };
        Transform t = Transform.compose(jitter, new RandomCrop(6, 2), new RandomHorizontalFlip(), new Normalize(new float[] {0.5f}, new float[] {0.25f}));
        List<List<Batch>> runs = new ArrayList<>();
        for (int prefetch : new int[] {0, 1, 2}) {
            DataLoader l = DataLoader.builder(d).batchSize(7).seed(42).transform(t).prefetch(prefetch).build();
            runs.add(collect(l, 3));
        }
        for (List<Batch> run : runs.subList(1, 3)) {
            assertEquals(runs.get(0).size(), run.size());
            for (int i = 0; i < run.size(); i++) {
                assertArrayEquals(runs.get(0).get(i).indices(), run.get(i).indices());
                assertTrue(runs.get(0).get(i).images().bitwiseEquals(run.get(i).images()), "batch " + i);
            }
        }
        // The augmentation really is random: another epoch crops differently.
        DataLoader l = DataLoader.builder(d).batchSize(40).seed(42).shuffle(false).transform(t).prefetch(0).build();
        assertFalse(l.batch(0, 0).images().bitwiseEquals(l.batch(1, 0).images()));
        // And each batch can be recomputed on its own.
        DataLoader l2 = DataLoader.builder(d).batchSize(7).seed(42).transform(t).prefetch(2).build();
        assertTrue(l2.batch(3, 4).images().bitwiseEquals(runs.get(0).get(4).images()));
    }

    @Test
    void transformFailuresReachTheConsumerAndStopTheThread() {
        ImageDataset d = data(30);
        IllegalStateException boom = new IllegalStateException("boom");
        for (int prefetch : new int[] {0, 2}) {
            Transform failing = (img, rng) -> {
                if (img.get(0, 0, 0) == ((15 * 3) & 0xFF) / 255f) throw boom;
                return img;
            };
            DataLoader l = DataLoader.builder(d).batchSize(4).shuffle(false).transform(failing).prefetch(prefetch).build();
            try (DataLoader.Epoch e = l.epoch(0)) {
                for (int i = 0; i < 3; i++) e.next(); // images 0..11
                DataLoaderException ex = assertThrows(DataLoaderException.class, e::next); // batch 3 holds image 15
                assertSame(boom, ex.getCause());
                assertFalse(e.hasNext());
            }
        }
        assertTrue(prefetchThreads().isEmpty(), "no prefetch thread left: " + prefetchThreads());
    }

    @Test
    void closingMidEpochStopsTheWorker() throws Exception {
        DataLoader l = DataLoader.builder(data(200)).batchSize(2).prefetch(1).build();
        DataLoader.Epoch e = l.epoch(0);
        e.next();
        Thread.sleep(20); // let the worker fill the queue and block
        e.close();
        assertFalse(e.hasNext());
        assertTrue(prefetchThreads().isEmpty(), "no prefetch thread left: " + prefetchThreads());
        assertThrows(java.util.NoSuchElementException.class, e::next);
    }

    private static List<Thread> prefetchThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("shears-prefetch") && t.isAlive()).toList();
    }

    @Test
    void floatTensorDatasetsBatchExactly() {
        Tensor x = Tensor.normal(new dev.shears.tensor.random.Rng(3), 0, 1, 9, 2, 3, 3);
        int[] y = {0, 1, 2, 0, 1, 2, 0, 1, 2};
        DataLoader l = DataLoader.builder(new TensorDataset(x, y, 3)).batchSize(4).seed(5).build();
        for (Batch b : collect(l, 0)) {
            for (int k = 0; k < b.size(); k++) {
                int i = b.indices()[k];
                assertEquals(y[i], b.labels()[k]);
                assertArrayEquals(x.slice(i, i + 1).toArray(), b.images().slice(k, k + 1).toArray());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new TensorDataset(x, new int[] {0}, 3));
    }

    @Test
    void labelTensorHoldsTheLabels() {
        Batch b = new Batch(Tensor.zeros(2, 1, 1, 1), new int[] {3, 7}, new int[] {0, 1});
        assertArrayEquals(new float[] {3, 7}, b.labelTensor().toArray());
    }
}
