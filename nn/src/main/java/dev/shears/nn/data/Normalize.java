package dev.shears.nn.data;

import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;

/**
 * Per-channel standardisation {@code (x - mean[c]) / std[c]}, in place, as torchvision's
 * {@code transforms.Normalize}.
 */
public final class Normalize implements Transform {

    private final float[] mean, std;

    /** One mean and one standard deviation per channel (standard deviations must be positive). */
    public Normalize(float[] mean, float[] std) {
        if (mean.length != std.length || mean.length == 0) throw new IllegalArgumentException("need one mean and one std per channel");
        for (float s : std) if (!(s > 0)) throw new IllegalArgumentException("std must be positive, got " + s);
        this.mean = mean.clone();
        this.std = std.clone();
    }

    @Override public Tensor apply(Tensor image, Rng rng) {
        Transform.requireChw("Normalize", image);
        int c = image.dim(0), hw = image.dim(1) * image.dim(2);
        if (c != mean.length) throw new IllegalArgumentException("Normalize: " + mean.length + " channel statistics for " + c + " channels");
        float[] d = image.data();
        for (int ch = 0; ch < c; ch++) {
            int o = image.offset() + ch * hw;
            float m = mean[ch], s = std[ch];
            for (int i = 0; i < hw; i++) d[o + i] = (d[o + i] - m) / s;
        }
        return image;
    }
}
