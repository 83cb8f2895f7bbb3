package dev.shears.nn.models;

import dev.shears.autograd.Variable;
import dev.shears.autograd.ops.Reshape;
import dev.shears.nn.AdaptiveAvgPool2d;
import dev.shears.nn.BatchNorm2d;
import dev.shears.nn.Conv2d;
import dev.shears.nn.Dropout;
import dev.shears.nn.Linear;
import dev.shears.nn.MaxPool2d;
import dev.shears.nn.Module;
import dev.shears.nn.ReLU;
import dev.shears.nn.Sequential;
import dev.shears.tensor.random.Rng;

/**
 * VGG networks (Simonyan and Zisserman, "Very deep convolutional networks for large-scale image
 * recognition", ICLR 2015, Table 1, configurations A, B, D, E = VGG11, 13, 16, 19), optionally with batch
 * normalisation after every convolution (Ioffe and Szegedy 2015), in three heads:
 * <ul>
 *   <li>{@link #imagenet}: torchvision's layout and parameter names ({@code features.N},
 *       {@code avgpool} = adaptive 7×7, {@code classifier.0/3/6} = 25088→4096→4096→classes with ReLU and
 *       dropout 0.5), so torchvision state dicts load strictly; torchvision's initialisation.</li>
 *   <li>{@link #cifar}: for 32×32 inputs the five pools leave 1×1×512 and one linear layer
 *       {@code classifier} maps 512→classes (the common CIFAR port, and the model of the pruning papers);
 *       PyTorch default initialisation.</li>
 *   <li>{@link #small}: "vgg-small" for 28×28×1 (Fashion-)MNIST, two VGG stages
 *       [32, 32, M, 64, 64, M] with batch norm, then 3136→256→classes (871,018 parameters for 10 classes).</li>
 * </ul>
 * The forward pass is {@code classifier(flatten(avgpool(features(x))))}, avgpool only in the ImageNet head.
 */
public final class Vgg extends Module {

    /** Table 1 of the paper; 0 marks a 2×2 max pool. */
    private static final int[] A = {64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0};
    private static final int[] B = {64, 64, 0, 128, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0};
    private static final int[] D = {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0};
    private static final int[] E = {64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0};
    private static final int[] SMALL = {32, 32, 0, 64, 64, 0};

    private final Sequential features;
    private final AdaptiveAvgPool2d avgpool;
    private final Module classifier;

    private Vgg(Sequential features, AdaptiveAvgPool2d avgpool, Module classifier) {
        this.features = registerModule("features", features);
        this.avgpool = avgpool == null ? null : registerModule("avgpool", avgpool);
        this.classifier = registerModule("classifier", classifier);
    }

    /** The configuration of VGG{@code depth} (11, 13, 16 or 19). */
    static int[] config(int depth) {
        return switch (depth) {
            case 11 -> A;
            case 13 -> B;
            case 16 -> D;
            case 19 -> E;
            default -> throw new IllegalArgumentException("VGG depth must be 11, 13, 16 or 19, got " + depth);
        };
    }

    /** 3×3 convolutions (padding 1, with bias) [+ batch norm] + ReLU per entry, max pools at the zeros. */
    static Sequential features(int[] cfg, int inChannels, boolean batchNorm, Rng rng) {
        Sequential s = new Sequential();
        int c = inChannels;
        for (int v : cfg) {
            if (v == 0) {
                s.add(new MaxPool2d(2));
                continue;
            }
            s.add(new Conv2d(c, v, 3, 1, 1, rng));
            if (batchNorm) s.add(new BatchNorm2d(v));
            s.add(new ReLU());
            c = v;
        }
        return s;
    }

    /** torchvision's {@code vgg{depth}[_bn]} for 3×224×224 inputs (any size ≥ 32 works via the 7×7 pool). */
    public static Vgg imagenet(int depth, boolean batchNorm, int classes, Rng rng) {
        Sequential classifier = new Sequential(
                new Linear(512 * 7 * 7, 4096, rng), new ReLU(), new Dropout(0.5f, rng.split()),
                new Linear(4096, 4096, rng), new ReLU(), new Dropout(0.5f, rng.split()),
                new Linear(4096, classes, rng));
        Vgg m = new Vgg(features(config(depth), 3, batchNorm, rng), new AdaptiveAvgPool2d(7, 7), classifier);
        TorchvisionInit.apply(m, rng);
        return m;
    }

    /** VGG{@code depth} for 32×32 inputs with {@code inChannels} channels and one 512→classes linear layer. */
    public static Vgg cifar(int depth, boolean batchNorm, int inChannels, int classes, Rng rng) {
        return new Vgg(features(config(depth), inChannels, batchNorm, rng), null, new Linear(512, classes, rng));
    }

    /** vgg-small for 1×28×28 inputs. */
    public static Vgg small(int inChannels, int classes, Rng rng) {
        Sequential features = features(SMALL, inChannels, true, rng);
        Sequential classifier = new Sequential(new Linear(64 * 7 * 7, 256, rng), new ReLU(), new Linear(256, classes, rng));
        return new Vgg(features, null, classifier);
    }

    /** x: [N, C, H, W] → logits [N, classes]. */
    @Override public Variable forward(Variable x) {
        Variable y = features.call(x);
        if (avgpool != null) y = avgpool.call(y);
        return classifier.call(Reshape.flatten(y));
    }
}
