package dev.shears.tensor.gemm;

/**
 * op(A) of a GEMM packed once, for several products with the same A: a convolution multiplies its weights
 * by one column matrix per block of images, and packing the weights for every block cost vgg16-cifar about
 * 4% of a training step. Made by {@link Gemm#packA}; used by the {@code Gemm.sgemm(PackedA, ...)} methods,
 * which give the same result, bitwise, as {@link Gemm#sgemm} on A itself.
 *
 * <p>Layout: the MR-row panels of {@link BlockedGemm}, slice of k by slice of k: panel q of the slice starting
 * at {@code kb} (length {@code kbLen}) is at {@code rows·kb + q·MR·kbLen}, where {@code rows} is m rounded up
 * to a multiple of MR. A packing belongs to the micro-kernel that made it and describes A as it was then: if
 * A changes (a training step), pack it again.
 */
public final class PackedA {

    final float[] data;
    final int m, k, mr;

    PackedA(float[] data, int m, int k, int mr) {
        this.data = data;
        this.m = m;
        this.k = k;
        this.mr = mr;
    }

    /** Rows of op(A). */
    public int rows() { return m; }

    /** Columns of op(A): the inner dimension k. */
    public int depth() { return k; }

    /** Floats a packing of an m×k op(A) takes with micro-kernel rows {@code mr}. */
    static int size(int m, int k, int mr) { return Math.multiplyExact((m + mr - 1) / mr * mr, k); }

    /** Offset of the packed block of rows {@code [ic, ...)} in the slice of k starting at {@code kb}. */
    int blockOffset(int kb, int kbLen, int ic) { return (m + mr - 1) / mr * mr * kb + ic * kbLen; }
}
