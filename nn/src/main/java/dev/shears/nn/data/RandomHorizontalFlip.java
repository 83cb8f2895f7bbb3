package dev.shears.nn.data;

import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;

/**
 * Mirrors the image left-right with probability {@code p} (torchvision's {@code RandomHorizontalFlip}: flip
 * when a uniform draw is below p). Exactly one draw per image, flipped or not, so later transforms see the
 * same generator state either way.
 */
public final class RandomHorizontalFlip implements Transform {

    private final double p;

    /** Flips with probability {@code p} in [0, 1]. */
    public RandomHorizontalFlip(double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("p must be in [0, 1], got " + p);
        this.p = p;
    }

    /** Flips half of the images. */
    public RandomHorizontalFlip() { this(0.5); }

    @Override public Tensor apply(Tensor image, Rng rng) {
        Transform.requireChw("RandomHorizontalFlip", image);
        if (!(rng.nextDouble() < p)) return image;
        int rows = image.dim(0) * image.dim(1), w = image.dim(2);
        float[] d = image.data();
        for (int r = 0; r < rows; r++) {
            int o = image.offset() + r * w;
            for (int a = o, b = o + w - 1; a < b; a++, b--) {
                float t = d[a];
                d[a] = d[b];
                d[b] = t;
            }
        }
        return image;
    }
}
