package dev.shears.tensor.conv;

import dev.shears.tensor.kernels.KernelProvider;
import dev.shears.tensor.kernels.Kernels;

/**
 * Copies images into zero-padded images laid out channels last ({@code [Hp, Wp, C]}, "HWC" or NHWC), the
 * layout in which a weight gradient reads its transposed column matrix in place: one pixel's channels under
 * one kernel tap are consecutive floats, so a row of a GEMM panel of channels is a contiguous run (see
 * {@code DenseConv2d}'s weight gradient). The images come channels first ({@code [C, H, W]}, planes).
 */
public final class PaddedPixels {

    private static final Kernels K = KernelProvider.get();

    private PaddedPixels() {}

    /**
     * Writes {@code count} padded images of {@code (h + 2·padH) × (w + 2·padW) × channels} one after the other
     * from {@code dst[0]}: element {@code (y, x, c)} of image i, at {@code dst[i·hp·wp·channels + (y·wp + x)·channels + c]},
     * is pixel {@code (y − padH, x − padW)} of the plane at {@code src[from + i·imageStride + c·h·w]}, or zero
     * in the border. Then zeroes {@code dst[count·hp·wp·channels, end)}, the slack that readers of whole
     * panels may run into.
     *
     * @throws IllegalArgumentException if a size is negative, a source plane lies outside {@code src}, or
     *                                  {@code end} is short of the padded images or beyond {@code dst}
     */
    public static void copy(float[] src, int from, int imageStride, int count, int channels, int h, int w, int padH, int padW,
                            float[] dst, int end) {
        if (count < 0 || channels < 0 || h < 0 || w < 0 || padH < 0 || padW < 0 || imageStride < 0) {
            throw new IllegalArgumentException("padded pixels: negative size " + count + " images of " + channels + "x" + h + "x" + w
                    + " pad " + padH + "x" + padW + " stride " + imageStride);
        }
        int wp = w + 2 * padW, hw = h * w;
        long image = (long) (h + 2 * padH) * wp * channels;
        if (count * image > end || end > dst.length) {
            throw new IllegalArgumentException("padded pixels: end " + end + " before " + count + " images of " + image + " or past " + dst.length);
        }
        if (count > 0 && channels > 0 && hw > 0 && (from < 0 || from + (long) (count - 1) * imageStride + (long) channels * hw > src.length)) {
            throw new IllegalArgumentException("padded pixels: " + count + " images from " + from + " exceed the array of " + src.length);
        }
        int rowLen = wp * channels;
        for (int i = 0; i < count; i++) {
            int base = (int) (i * image), in = from + i * imageStride;
            java.util.Arrays.fill(dst, base, base + padH * rowLen, 0f);
            for (int y = 0; y < h; y++) {
                int row = base + (padH + y) * rowLen;
                java.util.Arrays.fill(dst, row, row + padW * channels, 0f);
                java.util.Arrays.fill(dst, row + (padW + w) * channels, row + rowLen, 0f);
                // [channels, w] (row y of each plane) → [w, channels]
                K.transpose(src, in + y * w, hw, channels, w, dst, row + padW * channels, channels);
            }
            java.util.Arrays.fill(dst, base + (padH + h) * rowLen, (int) (base + image), 0f);
        }
        java.util.Arrays.fill(dst, (int) (count * image), end, 0f);
    }
}
