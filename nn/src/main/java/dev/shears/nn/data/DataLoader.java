package dev.shears.nn.data;

import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Turns a {@link Dataset} (usually an {@link ImageDataset}) into mini-batches: optional shuffling, a
 * per-image {@link Transform}, optional dropping of the last partial batch, and an optional background thread that prepares the next
 * batches while the caller trains on the current one.
 *
 * <p>Determinism: every random choice is a function of (seed, epoch, position) only. The order of epoch
 * {@code e} is a Fisher–Yates permutation from {@code Rng(mix(seed, e))}; the sample at position {@code p}
 * of that order is transformed with its own {@code Rng(mix(mix(seed, e), p + 1))}. So two runs with the same
 * seed give bit-identical batches whatever the prefetch depth or thread timing, and an epoch can be
 * regenerated on its own (e.g. after resuming from a checkpoint).
 *
 * <p>Use {@link #epoch(int)} in try-with-resources: closing stops and joins the prefetch thread.
 */
public final class DataLoader {

    private final Dataset data;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;
    private final Transform transform;
    private final int prefetch;

    private DataLoader(Builder b) {
        this.data = b.data;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
        this.seed = b.seed;
        this.transform = b.transform;
        this.prefetch = b.prefetch;
    }

    /** A builder over {@code data}: batch size 64, shuffled, seed 0, last batch kept, no transform, prefetch 2. */
    public static Builder builder(Dataset data) { return new Builder(data); }

    /** The dataset. */
    public Dataset dataset() { return data; }

    /** Batches in every epoch. */
    public int batchesPerEpoch() {
        int n = data.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The dataset indices of epoch {@code epoch}, in the order they are served. */
    public int[] order(int epoch) {
        if (!shuffle) {
            int[] o = new int[data.size()];
            for (int i = 0; i < o.length; i++) o[i] = i;
            return o;
        }
        return new Rng(mix(seed, epoch)).permutation(data.size());
    }

    /** Computes batch {@code b} of epoch {@code epoch} on the calling thread. */
    public Batch batch(int epoch, int b) { return batch(epoch, order(epoch), b); }

    private Batch batch(int epoch, int[] order, int b) {
        if (b < 0 || b >= batchesPerEpoch()) throw new IndexOutOfBoundsException("batch " + b + " of " + batchesPerEpoch());
        int start = b * batchSize, n = Math.min(batchSize, data.size() - start);
        int[] idx = Arrays.copyOfRange(order, start, start + n);
        int[] labels = new int[n];
        long epochSeed = mix(seed, epoch);
        Tensor images = null; // [n, C', H', W'], allocated once the first sample's shape is known
        int[] sampleShape = null;
        int per = 0;
        for (int k = 0; k < n; k++) {
            labels[k] = data.label(idx[k]);
            if (transform == null) {
                if (images == null) {
                    images = Tensor.zeros(n, data.channels(), data.height(), data.width());
                    per = data.channels() * data.height() * data.width();
                }
                data.copyImage(idx[k], images.data(), k * per);
                continue;
            }
            Tensor img = transform.apply(data.image(idx[k]), new Rng(mix(epochSeed, start + k + 1L)));
            Transform.requireChw("DataLoader transform output", img);
            if (images == null) {
                sampleShape = img.shape();
                per = img.numel();
                images = Tensor.zeros(n, sampleShape[0], sampleShape[1], sampleShape[2]);
            } else if (!Arrays.equals(img.shape(), sampleShape)) {
                throw new IllegalStateException("transform produced " + Arrays.toString(img.shape()) + " after " + Arrays.toString(sampleShape));
            }
            System.arraycopy(img.data(), img.offset(), images.data(), k * per, per);
        }
        return new Batch(images, labels, idx);
    }

    /** The batches of epoch {@code epoch}, produced ahead by a background thread if prefetch > 0. */
    public Epoch epoch(int epoch) { return new Epoch(epoch); }

    /**
     * Mixes two values into a seed: SplitMix64's finaliser applied to {@code a} and then to the result
     * XOR {@code b}. Nearby inputs give unrelated outputs, so (seed, epoch) and (seed, epoch + 1) give
     * independent streams.
     */
    static long mix(long a, long b) {
        return splitMix(splitMix(a + 0x9E3779B97F4A7C15L) ^ (b * 0xD1B54A32D192ED03L));
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** One epoch's batches. Not thread-safe: consume from one thread. */
    public final class Epoch implements Iterator<Batch>, Iterable<Batch>, AutoCloseable {

        private static final Object END = new Object();

        private final int epoch;
        private final int[] order;
        private final int total = batchesPerEpoch();
        private final BlockingQueue<Object> queue;
        private final Thread worker;
        private int served;
        private volatile boolean closed;

        private record Failure(int batch, Throwable error) {}

        Epoch(int epoch) {
            this.epoch = epoch;
            this.order = order(epoch);
            if (prefetch == 0 || total == 0) {
                queue = null;
                worker = null;
                return;
            }
            queue = new ArrayBlockingQueue<>(prefetch);
            worker = new Thread(this::produce, "shears-prefetch-epoch-" + epoch);
            worker.setDaemon(true); // an abandoned, unclosed epoch must not keep the JVM alive
            worker.start();
        }

        private void produce() {
            int b = 0;
            try {
                for (; b < total && !closed; b++) queue.put(batch(epoch, order, b));
                queue.put(END);
            } catch (InterruptedException e) {
                // closed by the consumer: stop quietly
            } catch (Throwable t) {
                try {
                    queue.put(new Failure(b, t));
                } catch (InterruptedException ignored) {
                    // closed while reporting: nobody is left to tell
                }
            }
        }

        @Override public boolean hasNext() { return !closed && served < total; }

        @Override public Batch next() {
            if (!hasNext()) throw new NoSuchElementException(closed ? "epoch closed" : "epoch finished");
            if (worker == null) {
                try {
                    return batch(epoch, order, served);
                } catch (RuntimeException | Error e) {
                    closed = true; // as with prefetching, a failure ends the epoch
                    throw new DataLoaderException(epoch, served, e);
                } finally {
                    served++;
                }
            }
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new DataLoaderException(epoch, served, e);
            }
            if (item instanceof Failure f) {
                close();
                throw new DataLoaderException(epoch, f.batch(), f.error());
            }
            served++;
            return (Batch) item;
        }

        /** Stops the prefetch thread (if any) and waits for it to end. Idempotent. */
        @Override public void close() {
            closed = true;
            if (worker == null) return;
            worker.interrupt();
            boolean interrupted = false;
            while (worker.isAlive()) {
                try {
                    worker.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }

        @Override public Iterator<Batch> iterator() { return this; }
    }

    /** Configures a {@link DataLoader}. */
    public static final class Builder {
        private final Dataset data;
        private int batchSize = 64;
        private boolean shuffle = true;
        private boolean dropLast;
        private long seed;
        private Transform transform;
        private int prefetch = 2;

        private Builder(Dataset data) { this.data = data; }

        /** Samples per batch (positive). */
        public Builder batchSize(int n) {
            if (n <= 0) throw new IllegalArgumentException("batch size must be positive, got " + n);
            batchSize = n;
            return this;
        }

        /** Whether each epoch uses a fresh seeded permutation (true) or dataset order. */
        public Builder shuffle(boolean s) { shuffle = s; return this; }

        /** Whether to drop the last batch when it is smaller than the batch size. */
        public Builder dropLast(boolean d) { dropLast = d; return this; }

        /** Seed of shuffling and of the transforms' randomness. */
        public Builder seed(long s) { seed = s; return this; }

        /** Per-image transform (null for none). */
        public Builder transform(Transform t) { transform = t; return this; }

        /** Batches prepared ahead by a background thread; 0 computes each batch on the caller's thread. */
        public Builder prefetch(int n) {
            if (n < 0) throw new IllegalArgumentException("prefetch must be >= 0, got " + n);
            prefetch = n;
            return this;
        }

        /** The loader. */
        public DataLoader build() { return new DataLoader(this); }
    }
}
