package dev.shears.nn.data;

import dev.shears.tensor.Tensor;

/**
 * One mini-batch: images [B, C, H, W] (float, after the loader's transform), their labels, and the dataset
 * indices they came from (for debugging and for per-sample bookkeeping).
 */
public record Batch(Tensor images, int[] labels, int[] indices) {

    /** Number of samples. */
    public int size() { return labels.length; }

    /** The labels as a float tensor [B] (class indices as floats). */
    public Tensor labelTensor() {
        float[] l = new float[labels.length];
        for (int i = 0; i < l.length; i++) l[i] = labels[i];
        return Tensor.of(l, l.length);
    }
}
