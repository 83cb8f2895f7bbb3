package dev.shears.nn.data;

import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;

/**
 * Bilinear resize to a fixed size ({@link Bilinear}: PyTorch {@code interpolate(mode="bilinear",
 * align_corners=False)}, no antialiasing). Deterministic; uses no random draws.
 */
public final class Resize implements Transform {

    private final int height, width;

    /** Resizes to {@code height × width}. */
    public Resize(int height, int width) {
        if (height <= 0 || width <= 0) throw new IllegalArgumentException("size must be positive");
        this.height = height;
        this.width = width;
    }

    @Override public Tensor apply(Tensor image, Rng rng) {
        Transform.requireChw("Resize", image);
        int c = image.dim(0), h = image.dim(1), w = image.dim(2);
        if (h == height && w == width) return image;
        Tensor out = Tensor.zeros(c, height, width);
        Bilinear.resize(image.data(), image.offset(), c, h, w, out.data(), 0, height, width);
        return out;
    }
}
