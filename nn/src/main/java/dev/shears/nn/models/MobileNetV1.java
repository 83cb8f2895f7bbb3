package dev.shears.nn.models;

import dev.shears.autograd.Variable;
import dev.shears.autograd.ops.Reshape;
import dev.shears.nn.AdaptiveAvgPool2d;
import dev.shears.nn.BatchNorm2d;
import dev.shears.nn.Conv2d;
import dev.shears.nn.Linear;
import dev.shears.nn.Module;
import dev.shears.nn.ReLU;
import dev.shears.nn.Sequential;
import dev.shears.tensor.random.Rng;

/**
 * MobileNetV1 (Howard et al., "MobileNets: Efficient convolutional neural networks for mobile vision
 * applications", 2017, Table 1): a 3×3 stem convolution, then thirteen depthwise-separable blocks
 * (3×3 depthwise conv, BN, ReLU, 1×1 pointwise conv, BN, ReLU), global average pooling and one linear
 * layer. Convolutions have no bias (batch norm follows each). The width multiplier α (Section 3.3)
 * scales every channel count to {@code (int) (c·α)}.
 *
 * <p>Layout: {@code features.0} = stem (conv, bn, relu), {@code features.1..13} = blocks with children
 * {@code 0..5}, {@code avgpool}, {@code classifier} (Linear). Strides:
 * <ul>
 *   <li>{@link #imagenet}: the paper's (stem 2; blocks 2, 4, 6, 12 stride 2), 224×224 → 7×7.</li>
 *   <li>{@link #cifar}: stem stride 1 and the paper's second downsampling (block 2) removed, so 32×32 → 4×4;
 *       exactly the model of {@code /work/shared/bench/torch_peer.py}. Also used for 28×28 inputs
 *       (28 → 14 → 7 → 4).</li>
 * </ul>
 * PyTorch default initialisation.
 */
public final class MobileNetV1 extends Module {

    /** (output channels, stride) of the thirteen blocks, ImageNet strides (paper Table 1). */
    private static final int[][] BLOCKS = {{64, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2},
            {512, 1}, {512, 1}, {512, 1}, {512, 1}, {512, 1}, {1024, 2}, {1024, 1}};

    private final Sequential features;
    private final AdaptiveAvgPool2d avgpool;
    private final Linear classifier;

    private MobileNetV1(int inChannels, int classes, double width, boolean smallInput, Rng rng) {
        if (!(width > 0)) throw new IllegalArgumentException("width multiplier must be positive, got " + width);
        features = new Sequential();
        int c = scaled(32, width);
        features.add(new Sequential(new Conv2d(inChannels, c, 3, smallInput ? 1 : 2, 1, 1, 1, false, rng),
                new BatchNorm2d(c), new ReLU()));
        for (int b = 0; b < BLOCKS.length; b++) {
            int out = scaled(BLOCKS[b][0], width);
            int stride = smallInput && b == 1 ? 1 : BLOCKS[b][1];
            features.add(new Sequential(
                    new Conv2d(c, c, 3, stride, 1, 1, c, false, rng), new BatchNorm2d(c), new ReLU(),
                    new Conv2d(c, out, 1, 1, 0, 1, 1, false, rng), new BatchNorm2d(out), new ReLU()));
            c = out;
        }
        registerModule("features", features);
        avgpool = registerModule("avgpool", new AdaptiveAvgPool2d(1, 1));
        classifier = registerModule("classifier", new Linear(c, classes, rng));
    }

    private static int scaled(int channels, double width) { return Math.max(1, (int) (channels * width)); }

    /** The paper's network for 224×224 inputs. */
    public static MobileNetV1 imagenet(int inChannels, int classes, double width, Rng rng) {
        return new MobileNetV1(inChannels, classes, width, false, rng);
    }

    /** The small-input variant (32×32 CIFAR or 28×28 Fashion-MNIST). */
    public static MobileNetV1 cifar(int inChannels, int classes, double width, Rng rng) {
        return new MobileNetV1(inChannels, classes, width, true, rng);
    }

    /** x: [N, C, H, W] → logits [N, classes]. */
    @Override public Variable forward(Variable x) {
        return classifier.call(Reshape.flatten(avgpool.call(features.call(x))));
    }
}
