package dev.shears.nn.data;

import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;

/**
 * Random crop after zero padding, as torchvision's {@code RandomCrop(size, padding)} with the default
 * constant fill 0: the image is padded by {@code padding} on every side, then an {@code height × width}
 * window is cut at top {@code rng.nextInt(H + 2p - height + 1)} and left {@code rng.nextInt(W + 2p - width + 1)}
 * (drawn in that order). Zero here is the value after the [0, 1] scaling, i.e. black, as in the usual
 * CIFAR recipe (crop before normalising).
 */
public final class RandomCrop implements Transform {

    private final int height, width, padding;

    /** A {@code height × width} crop after padding by {@code padding} pixels. */
    public RandomCrop(int height, int width, int padding) {
        if (height <= 0 || width <= 0 || padding < 0) throw new IllegalArgumentException("bad crop " + height + "x" + width + " pad " + padding);
        this.height = height;
        this.width = width;
        this.padding = padding;
    }

    /** A square crop. */
    public RandomCrop(int size, int padding) { this(size, size, padding); }

    @Override public Tensor apply(Tensor image, Rng rng) {
        Transform.requireChw("RandomCrop", image);
        int c = image.dim(0), h = image.dim(1), w = image.dim(2);
        int ph = h + 2 * padding, pw = w + 2 * padding;
        if (ph < height || pw < width) {
            throw new IllegalArgumentException("RandomCrop: " + height + "x" + width + " larger than padded image " + ph + "x" + pw);
        }
        int top = rng.nextInt(ph - height + 1), left = rng.nextInt(pw - width + 1);
        Tensor out = Tensor.zeros(c, height, width);
        float[] src = image.data(), dst = out.data();
        // Output row y is padded row top + y, i.e. source row top + y - padding (zero when outside).
        int x0 = Math.max(0, padding - left), x1 = Math.min(width, w + padding - left);
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < height; y++) {
                int sy = top + y - padding;
                if (sy < 0 || sy >= h || x0 >= x1) continue;
                int s = image.offset() + (ch * h + sy) * w + (x0 + left - padding);
                System.arraycopy(src, s, dst, (ch * height + y) * width + x0, x1 - x0);
            }
        }
        return out;
    }
}
