package dev.shears.nn.models;

import dev.shears.nn.BatchNorm2d;
import dev.shears.nn.Conv2d;
import dev.shears.nn.Linear;
import dev.shears.nn.Module;
import dev.shears.tensor.random.Init;
import dev.shears.tensor.random.Rng;
import java.util.Arrays;

/**
 * The initialisation torchvision's VGG and MobileNetV2 constructors apply after building (torchvision 0.14,
 * {@code vgg.py} and {@code mobilenetv2.py}): convolution weights Kaiming-normal with fan-out and the ReLU
 * gain, convolution biases zero; batch-norm weight one and bias zero; linear weights N(0, 0.01²), linear
 * biases zero. Modules are visited in {@link Module#namedModules()} order, which is torchvision's
 * {@code self.modules()} order, so the sequence of draws matches in structure (the generator differs).
 */
final class TorchvisionInit {

    private TorchvisionInit() {}

    /** Re-initialises every Conv2d, BatchNorm2d and Linear under {@code root}. */
    static void apply(Module root, Rng rng) {
        for (Module m : root.namedModules().values()) {
            if (m instanceof Conv2d c) {
                int fanOut = c.outChannels * c.kernel * c.kernel; // PyTorch: weight.size(0)·receptive field, groups ignored
                Init.kaimingNormal(rng, c.weight().data().data(), fanOut, Init.gain("relu", 0));
                if (c.bias() != null) Arrays.fill(c.bias().data().data(), 0f);
            } else if (m instanceof BatchNorm2d bn) {
                Arrays.fill(bn.weight().data().data(), 1f);
                Arrays.fill(bn.bias().data().data(), 0f);
            } else if (m instanceof Linear l) {
                rng.fillNormal(l.weight().data().data(), 0f, 0.01f);
                if (l.bias() != null) Arrays.fill(l.bias().data().data(), 0f);
            }
        }
    }
}
