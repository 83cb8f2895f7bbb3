package dev.shears.nn.data;

import dev.shears.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An in-memory labelled image dataset. Pixels are kept as unsigned bytes, layout [N, C, H, W], and
 * converted to float32 in [0, 1] (value / 255) only when a batch or image is requested: CIFAR-10 takes
 * 150 MB this way instead of 600 MB as floats, and every source Shears reads is 8-bit anyway. Labels are
 * class indices in {@code [0, numClasses)}; {@code classNames} names them.
 *
 * <p>Instances are immutable. Subsets share nothing mutable with the original (they copy the pixels they
 * keep), so they can be handed to a loader thread freely.
 */
public final class ImageDataset implements Dataset {

    private final byte[] pixels;   // [N, C, H, W] uint8
    private final int[] labels;    // [N]
    private final int channels, height, width;
    private final List<String> classNames;

    /**
     * A dataset over {@code pixels} ([N, C, H, W] unsigned bytes, not copied: the caller hands them over)
     * with one label per image (copied).
     * Throws if the sizes disagree or a label is outside {@code [0, classNames.size())}.
     */
    public ImageDataset(byte[] pixels, int[] labels, int channels, int height, int width, List<String> classNames) {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image shape must be positive, got [" + channels + ", " + height + ", " + width + "]");
        }
        long per = (long) channels * height * width;
        if (per * labels.length != pixels.length) {
            throw new IllegalArgumentException(pixels.length + " pixel bytes do not hold " + labels.length + " images of "
                    + channels + "x" + height + "x" + width);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i + " outside [0, " + classNames.size() + ")");
            }
        }
        this.pixels = pixels;
        this.labels = labels.clone();
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classNames = List.copyOf(classNames);
    }

    /** Class names "0", "1", ..., for datasets whose classes are digits or unnamed. */
    public static List<String> numberedClasses(int n) {
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) names.add(Integer.toString(i));
        return names;
    }

    /** Number of images. */
    @Override public int size() { return labels.length; }

    /** Channels per image (1 grayscale, 3 RGB). */
    @Override public int channels() { return channels; }

    /** Image height in pixels. */
    @Override public int height() { return height; }

    /** Image width in pixels. */
    @Override public int width() { return width; }

    /** Bytes (= pixels over all channels) per image. */
    public int imageBytes() { return channels * height * width; }

    /** Number of classes (labels lie in {@code [0, numClasses)}). */
    @Override public int numClasses() { return classNames.size(); }

    /** Class names, indexed by label. */
    public List<String> classNames() { return classNames; }

    /** Label of image {@code i}. */
    @Override public int label(int i) { return labels[i]; }

    /** All labels (a copy). */
    public int[] labels() { return labels.clone(); }

    /** The raw byte of image {@code i}, channel {@code c}, row {@code y}, column {@code x}. */
    public int pixel(int i, int c, int y, int x) {
        return pixels[((i * channels + c) * height + y) * width + x] & 0xFF;
    }

    /** The raw bytes of image {@code i} ([C, H, W]), copied. */
    public byte[] imageBytes(int i) {
        int n = imageBytes();
        return Arrays.copyOfRange(pixels, i * n, (i + 1) * n);
    }

    /** Writes image {@code i} as floats in [0, 1] into {@code dst[off, off + imageBytes())}. */
    @Override public void copyImage(int i, float[] dst, int off) {
        int n = imageBytes();
        int src = i * n;
        for (int k = 0; k < n; k++) dst[off + k] = (pixels[src + k] & 0xFF) / 255f; // as torchvision's ToTensor
    }

    /** Image {@code i} as a float tensor [C, H, W] in [0, 1]. */
    @Override public Tensor image(int i) {
        Tensor t = Tensor.zeros(channels, height, width);
        copyImage(i, t.data(), 0);
        return t;
    }

    /** All images as one float tensor [N, C, H, W] in [0, 1] (allocates 4 bytes per pixel). */
    public Tensor images() {
        Tensor t = Tensor.zeros(size(), channels, height, width);
        for (int i = 0; i < size(); i++) copyImage(i, t.data(), i * imageBytes());
        return t;
    }

    /**
     * Per-channel mean and standard deviation of the [0, 1]-scaled pixels over the whole dataset, as
     * {@code {mean[C], std[C]}} for {@link Normalize} (population std, accumulated exactly in integer
     * sums of bytes and squared bytes, so the result does not depend on image order).
     */
    public float[][] channelStats() {
        float[] mean = new float[channels], std = new float[channels];
        int hw = height * width;
        for (int c = 0; c < channels; c++) {
            long sum = 0, sumSq = 0;
            for (int i = 0; i < size(); i++) {
                int o = (i * channels + c) * hw;
                for (int k = 0; k < hw; k++) {
                    int v = pixels[o + k] & 0xFF;
                    sum += v;
                    sumSq += v * v;
                }
            }
            double n = (double) size() * hw;
            double m = sum / n;
            mean[c] = (float) (m / 255);
            std[c] = (float) (Math.sqrt(Math.max(0, sumSq / n - m * m)) / 255);
        }
        return new float[][] {mean, std};
    }

    /** Images per class, indexed by label. */
    public int[] classCounts() {
        int[] c = new int[numClasses()];
        for (int l : labels) c[l]++;
        return c;
    }

    /** The images at {@code indices}, in that order (indices may repeat). */
    public ImageDataset subset(int[] indices) {
        int n = imageBytes();
        byte[] p = new byte[Math.multiplyExact(indices.length, n)];
        int[] l = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= size()) throw new IllegalArgumentException("index " + i + " outside [0, " + size() + ")");
            System.arraycopy(pixels, i * n, p, k * n, n);
            l[k] = labels[i];
        }
        return new ImageDataset(p, l, channels, height, width, classNames);
    }

    /** The first {@code n} images (all of them if there are fewer). */
    public ImageDataset first(int n) {
        if (n < 0) throw new IllegalArgumentException("negative count " + n);
        int m = Math.min(n, size());
        int[] idx = new int[m];
        for (int i = 0; i < m; i++) idx[i] = i;
        return subset(idx);
    }

    /** The first {@code n} images of each class, in dataset order (classes with fewer keep all theirs). */
    public ImageDataset firstPerClass(int n) { return perClass(n, true); }

    /**
     * The images {@link #firstPerClass(int)} leaves out, in dataset order: with it, a per-class train/test
     * split of a dataset that ships without one (e.g. Caltech101's usual 30 training images per class).
     */
    public ImageDataset restPerClass(int n) { return perClass(n, false); }

    private ImageDataset perClass(int n, boolean first) {
        if (n < 0) throw new IllegalArgumentException("negative count " + n);
        int[] taken = new int[numClasses()];
        int[] idx = new int[size()];
        int m = 0;
        for (int i = 0; i < size(); i++) {
            boolean isFirst = taken[labels[i]] < n;
            if (isFirst) taken[labels[i]]++;
            if (isFirst == first) idx[m++] = i;
        }
        return subset(Arrays.copyOf(idx, m));
    }

    /**
     * Only the images of {@code classes}, relabelled so that {@code classes[k]} becomes label {@code k}
     * (e.g. {@code withClasses(5, 6, 7, 8, 9)} turns digits 5–9 into a 5-class problem with labels 0–4).
     */
    public ImageDataset withClasses(int... classes) {
        int[] newLabel = new int[numClasses()];
        Arrays.fill(newLabel, -1);
        List<String> names = new ArrayList<>();
        for (int k = 0; k < classes.length; k++) {
            int c = classes[k];
            if (c < 0 || c >= numClasses()) throw new IllegalArgumentException("class " + c + " outside [0, " + numClasses() + ")");
            if (newLabel[c] >= 0) throw new IllegalArgumentException("class " + c + " listed twice");
            newLabel[c] = k;
            names.add(classNames.get(c));
        }
        int[] idx = new int[size()];
        int m = 0;
        for (int i = 0; i < size(); i++) if (newLabel[labels[i]] >= 0) idx[m++] = i;
        ImageDataset kept = subset(Arrays.copyOf(idx, m));
        int[] l = new int[m];
        for (int i = 0; i < m; i++) l[i] = newLabel[kept.labels[i]];
        return new ImageDataset(kept.pixels, l, channels, height, width, names);
    }

    /** The same images with channel count 3: grayscale replicated, RGB unchanged (this instance). */
    public ImageDataset toRgb() {
        if (channels == 3) return this;
        if (channels != 1) throw new IllegalArgumentException("toRgb needs 1 or 3 channels, got " + channels);
        int hw = height * width;
        byte[] p = new byte[Math.multiplyExact(size(), 3 * hw)];
        for (int i = 0; i < size(); i++) {
            for (int c = 0; c < 3; c++) System.arraycopy(pixels, i * hw, p, (i * 3 + c) * hw, hw);
        }
        return new ImageDataset(p, labels.clone(), 3, height, width, classNames);
    }

    @Override public String toString() {
        return "ImageDataset[" + size() + " x " + channels + "x" + height + "x" + width + ", " + numClasses() + " classes]";
    }
}
