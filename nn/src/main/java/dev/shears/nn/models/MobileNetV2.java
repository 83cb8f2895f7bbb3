package dev.shears.nn.models;

import dev.shears.autograd.Variable;
import dev.shears.autograd.ops.Reshape;
import dev.shears.nn.AdaptiveAvgPool2d;
import dev.shears.nn.BatchNorm2d;
import dev.shears.nn.Conv2d;
import dev.shears.nn.Dropout;
import dev.shears.nn.Linear;
import dev.shears.nn.Module;
import dev.shears.nn.ReLU6;
import dev.shears.nn.Sequential;
import dev.shears.tensor.random.Rng;

/**
 * MobileNetV2 (Sandler et al., "MobileNetV2: Inverted residuals and linear bottlenecks", CVPR 2018,
 * Table 2) in torchvision's layout and names, so torchvision state dicts load strictly: {@code features.0}
 * = ConvBNReLU6 stem (3×3, stride 2, 32·α channels), {@code features.1..17} = {@link InvertedResidual}
 * blocks, {@code features.18} = 1×1 ConvBNReLU6 to 1280·max(1, α) channels, then global average pooling
 * and {@code classifier} = (Dropout 0.2, Linear). Channel counts are rounded as torchvision's
 * {@code _make_divisible(c·α, 8)}; torchvision's initialisation.
 */
public final class MobileNetV2 extends Module {

    /** Table 2: expansion t, output channels c, repeats n, first stride s. */
    private static final int[][] SETTINGS = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2},
            {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};

    private final Sequential features;
    private final AdaptiveAvgPool2d pool = new AdaptiveAvgPool2d(1, 1); // functional in torchvision: not registered
    private final Sequential classifier;

    public MobileNetV2(int inChannels, int classes, double width, Rng rng) {
        features = new Sequential();
        int c = makeDivisible(32 * width, 8);
        int last = makeDivisible(1280 * Math.max(1.0, width), 8);
        features.add(convBnReLU6(inChannels, c, 3, 2, 1, rng));
        for (int[] s : SETTINGS) {
            int out = makeDivisible(s[1] * width, 8);
            for (int i = 0; i < s[2]; i++) {
                features.add(new InvertedResidual(c, out, i == 0 ? s[3] : 1, s[0], rng));
                c = out;
            }
        }
        features.add(convBnReLU6(c, last, 1, 1, 1, rng));
        registerModule("features", features);
        classifier = registerModule("classifier", new Sequential(new Dropout(0.2f, rng.split()), new Linear(last, classes, rng)));
        TorchvisionInit.apply(this, rng);
    }

    /** torchvision's {@code _make_divisible}: nearest multiple of {@code divisor}, at least divisor, never below 90% of v. */
    static int makeDivisible(double v, int divisor) {
        int r = Math.max(divisor, (int) (v + divisor / 2.0) / divisor * divisor);
        if (r < 0.9 * v) r += divisor;
        return r;
    }

    /** torchvision's ConvBNReLU: conv k×k (padding (k−1)/2, no bias), BN, ReLU6, as children 0, 1, 2. */
    static Sequential convBnReLU6(int in, int out, int kernel, int stride, int groups, Rng rng) {
        return new Sequential(new Conv2d(in, out, kernel, stride, (kernel - 1) / 2, 1, groups, false, rng),
                new BatchNorm2d(out), new ReLU6());
    }

    /** x: [N, C, H, W] → logits [N, classes]. */
    @Override public Variable forward(Variable x) {
        return classifier.call(Reshape.flatten(pool.call(features.call(x))));
    }
}
