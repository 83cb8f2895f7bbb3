package dev.shears.nn.data;

import dev.shears.tensor.Tensor;

/**
 * Labelled images of one shape, as the {@link DataLoader} sees them: a size, a label per index, and the
 * image as floats. {@link ImageDataset} (8-bit pixels, read from files) and {@link TensorDataset} (float
 * images, e.g. synthetic data or features) implement it.
 */
public interface Dataset {

    /** Number of samples. */
    int size();

    /** Label of sample {@code i}, in {@code [0, numClasses())}. */
    int label(int i);

    /** Number of classes. */
    int numClasses();

    /** Channels per image. */
    int channels();

    /** Image height. */
    int height();

    /** Image width. */
    int width();

    /** Writes sample {@code i} ([C, H, W] floats) into {@code dst[off, off + C*H*W)}. */
    void copyImage(int i, float[] dst, int off);

    /** Sample {@code i} as a new tensor [C, H, W]. */
    default Tensor image(int i) {
        Tensor t = Tensor.zeros(channels(), height(), width());
        copyImage(i, t.data(), 0);
        return t;
    }
}
