package dev.shears.tensor.conv;

/**
 * The inner loop of {@link MaxPool2dKernel} for 2×2, stride-2, unpadded windows, over a list of windows:
 * window i has its top-left tap at {@code x[xOff + at[i]]}, and its taps in window order are that one, the
 * one right of it, and the two {@code w} further on. The first tap that no later tap beats wins, where
 * {@code v} beats {@code best} if {@code v > best} or {@code v} is NaN and {@code best} is not (PyTorch's rule:
 * NaN propagates, ties keep the first tap); its value goes to {@code y[yOff + i]} and its flat index inside its
 * channel plane, {@code inPlane[i]} plus 0, 1, w or w + 1, to {@code argmax[argOff + i]}.
 *
 * <p>Listing the windows of a whole image lets a vector kernel run across output rows and channels, which
 * matters because pooled rows are short (VGG's are 16 wide or less). {@link ScalarMaxPool2x2Windows} is the
 * reference; {@code VectorMaxPool2x2Windows} (Vector API, loaded through
 * {@link dev.shears.tensor.kernels.KernelProvider#vectorOr}) must agree with it bitwise.
 */
public interface MaxPool2x2Windows {

    /** Pools windows [from, to); see the class comment for the meaning of each argument. */
    void pool(float[] x, int xOff, int w, int[] at, int[] inPlane, int from, int to, float[] y, int yOff, int[] argmax, int argOff);

    /** Whether a later tap {@code v} replaces {@code best}: greater, or NaN over a number. */
    static boolean beats(float v, float best) {
        return v > best || (v != v && best == best);
    }
}
