package dev.shears.nn.data;

import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;

/**
 * Grayscale to RGB by replicating the single channel three times (what torchvision's
 * {@code Grayscale(3)} inverse / {@code Lambda(x.repeat(3,1,1))} recipes do); 3-channel images pass
 * unchanged. Lets 1-channel datasets (MNIST, Fashion-MNIST) feed networks built for RGB input.
 */
public final class ToRgb implements Transform {

    @Override public Tensor apply(Tensor image, Rng rng) {
        Transform.requireChw("ToRgb", image);
        int c = image.dim(0);
        if (c == 3) return image;
        if (c != 1) throw new IllegalArgumentException("ToRgb: expected 1 or 3 channels, got " + c);
        int hw = image.dim(1) * image.dim(2);
        Tensor out = Tensor.zeros(3, image.dim(1), image.dim(2));
        for (int ch = 0; ch < 3; ch++) System.arraycopy(image.data(), image.offset(), out.data(), ch * hw, hw);
        return out;
    }
}
