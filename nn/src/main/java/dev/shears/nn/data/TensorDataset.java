package dev.shears.nn.data;

import dev.shears.tensor.Tensor;

/**
 * A dataset of float images held in one tensor [N, C, H, W] with int labels — for data that is not 8-bit
 * (synthetic inputs, precomputed features, normalised arrays read from {@code .npy}).
 */
public final class TensorDataset implements Dataset {

    private final Tensor images; // [N, C, H, W]
    private final int[] labels;
    private final int numClasses;

    /** Wraps {@code images} [N, C, H, W] (not copied) and copies {@code labels} (N values in [0, numClasses)). */
    public TensorDataset(Tensor images, int[] labels, int numClasses) {
        if (images.rank() != 4) throw new IllegalArgumentException("images must be [N, C, H, W], got " + java.util.Arrays.toString(images.shape()));
        if (images.dim(0) != labels.length) throw new IllegalArgumentException(labels.length + " labels for " + images.dim(0) + " images");
        for (int l : labels) if (l < 0 || l >= numClasses) throw new IllegalArgumentException("label " + l + " outside [0, " + numClasses + ")");
        this.images = images;
        this.labels = labels.clone();
        this.numClasses = numClasses;
    }

    @Override public int size() { return labels.length; }

    @Override public int label(int i) { return labels[i]; }

    @Override public int numClasses() { return numClasses; }

    @Override public int channels() { return images.dim(1); }

    @Override public int height() { return images.dim(2); }

    @Override public int width() { return images.dim(3); }

    @Override public void copyImage(int i, float[] dst, int off) {
        int per = channels() * height() * width();
        System.arraycopy(images.data(), images.offset() + i * per, dst, off, per);
    }
}
