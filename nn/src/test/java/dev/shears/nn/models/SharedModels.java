package dev.shears.nn.models;

import dev.shears.nn.Module;
import dev.shears.tensor.random.Rng;

/** torchvision's vgg16_bn takes ~15 s to initialise (138M Gaussian draws): tests build it once per JVM. */
final class SharedModels {

    private SharedModels() {}

    private static Module vgg16Bn;

    static synchronized Module vgg16Bn() {
        if (vgg16Bn == null) vgg16Bn = Models.create("vgg16_bn", 1000, new Rng(1));
        return vgg16Bn;
    }
}
