package dev.shears.tensor.conv;

import dev.shears.tensor.random.Rng;

/** Random stride-1 "same width" geometries for the implicit and direct convolution tests. */
final class SameWidthGeometries {

    private SameWidthGeometries() {}

    /**
     * A geometry with up to 3 groups of up to {@code maxGroupChannels} channels, height up to {@code maxHeight},
     * width up to {@code maxWidth}, kernels up to 5×5 with odd widths (same-width padding exists), dilation 1
     * or 2, any height padding up to 3; or null when the kernel does not fit the padded height.
     */
    static ConvGeometry draw(Rng rng, int maxGroupChannels, int maxHeight, int maxWidth) {
        int groups = 1 + rng.nextInt(3);
        int channels = groups * (1 + rng.nextInt(maxGroupChannels));
        int h = 1 + rng.nextInt(maxHeight), w = 1 + rng.nextInt(maxWidth);
        int kh = 1 + rng.nextInt(5), kw = 1 + 2 * rng.nextInt(3);
        int dh = 1 + rng.nextInt(2), dw = 1 + rng.nextInt(2);
        int pw = dw * (kw - 1) / 2, ph = rng.nextInt(4);
        if (h + 2 * ph < dh * (kh - 1) + 1) return null;
        return new ConvGeometry(channels, h, w, kh, kw, 1, 1, ph, pw, dh, dw, groups);
    }
}
