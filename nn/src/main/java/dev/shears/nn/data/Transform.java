package dev.shears.nn.data;

import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;

/**
 * A per-image transform applied by the {@link DataLoader}: takes an image [C, H, W] and returns the
 * transformed image (possibly a new shape, possibly the same tensor modified in place). All randomness
 * must come from {@code rng}, which the loader derives from (seed, epoch, position in epoch), so results do
 * not depend on thread timing.
 */
@FunctionalInterface
public interface Transform {

    /** Transforms {@code image} ([C, H, W]) using only {@code rng} for randomness. */
    Tensor apply(Tensor image, Rng rng);

    /** This transform, then {@code next}, sharing the same generator (draws happen in that order). */
    default Transform andThen(Transform next) {
        return (image, rng) -> next.apply(apply(image, rng), rng);
    }

    /** The transforms applied left to right; no transforms is the identity. */
    static Transform compose(Transform... transforms) {
        Transform t = (image, rng) -> image;
        for (Transform x : transforms) t = t.andThen(x);
        return t;
    }

    /** Checks that {@code image} is [C, H, W]. */
    static void requireChw(String op, Tensor image) {
        if (image.rank() != 3) throw new IllegalArgumentException(op + ": expected an image [C, H, W], got " + java.util.Arrays.toString(image.shape()));
    }
}
