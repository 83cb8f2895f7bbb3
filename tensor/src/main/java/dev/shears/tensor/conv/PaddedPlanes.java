package dev.shears.tensor.conv;

/**
 * Copies planes into consecutive zero-padded planes, the layout both direct convolutions read in place:
 * {@link PaddedConvolution} pads the channels of one image, the depthwise convolution stacks one channel of
 * several images. Each padded plane is written once, zeros and values together, rather than zero-filled and
 * then overwritten.
 */
public final class PaddedPlanes {

    private PaddedPlanes() {}

    /**
     * Writes {@code count} padded planes of {@code (h + 2·padH) × (w + 2·padW)} one after the other from
     * {@code dst[0]}: plane i holds the {@code h × w} plane at {@code src[from + i·stride]} with {@code padH}
     * zero rows above and below and {@code padW} zero columns on each side. Then zeroes
     * {@code dst[count·hp·wp, end)}, the slack that readers of whole vectors or panels may run into.
     *
     * @throws IllegalArgumentException if a size is negative or {@code end} is short of the padded planes
     */
    public static void copy(float[] src, int from, int stride, int count, int h, int w, int padH, int padW, float[] dst, int end) {
        if (count < 0 || h < 0 || w < 0 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("padded planes: negative size " + count + " planes of " + h + "x" + w + " pad " + padH + "x" + padW);
        }
        int wp = w + 2 * padW, plane = (h + 2 * padH) * wp;
        if ((long) count * plane > end) throw new IllegalArgumentException("padded planes: end " + end + " before " + count + " planes of " + plane);
        for (int i = 0; i < count; i++) {
            int base = i * plane, in = from + i * stride;
            java.util.Arrays.fill(dst, base, base + padH * wp, 0f);
            for (int y = 0; y < h; y++) {
                int row = base + (padH + y) * wp;
                for (int x = 0; x < padW; x++) dst[row + x] = 0f;
                System.arraycopy(src, in + y * w, dst, row + padW, w);
                for (int x = padW + w; x < wp; x++) dst[row + x] = 0f;
            }
            java.util.Arrays.fill(dst, base + (padH + h) * wp, base + plane, 0f);
        }
        java.util.Arrays.fill(dst, count * plane, end, 0f);
    }
}
