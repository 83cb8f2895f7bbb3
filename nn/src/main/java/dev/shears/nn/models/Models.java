package dev.shears.nn.models;

import dev.shears.autograd.Variable;
import dev.shears.nn.Module;
import dev.shears.tensor.random.Rng;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model registry: architectures by name with their input shape and class count.
 * <ul>
 *   <li>{@code lenet5}, {@code vgg-small}, {@code mobilenetv1-28} (widths 1, {@code -0.5}, {@code -0.25}): 1×28×28, 10 classes
 *       (MNIST, Fashion-MNIST)</li>
 *   <li>{@code vgg11-cifar} … {@code vgg19-cifar} (batch norm), {@code vgg11-cifar-nobn} … and
 *       {@code mobilenetv1-cifar}: 3×32×32, 10 classes</li>
 *   <li>{@code vgg11} … {@code vgg19}, {@code vgg11_bn} … {@code vgg19_bn}, {@code mobilenet_v2}
 *       (torchvision names), {@code mobilenetv1}: 3×224×224, 1000 classes</li>
 * </ul>
 */
public final class Models {

    private static final Map<String, ModelSpec> SPECS = new LinkedHashMap<>();

    static {
        int[] mnist = {1, 28, 28}, cifar = {3, 32, 32}, imagenet = {3, 224, 224};
        add("lenet5", mnist, 10, "LeNet-5 (ReLU, max pool)", LeNet5::new);
        add("vgg-small", mnist, 10, "two VGG stages + 3136-256-classes head", Vgg::small);
        add("mobilenetv1-28", mnist, 10, "MobileNetV1, small-input strides", (c, k, r) -> MobileNetV1.cifar(c, k, 1.0, r));
        add("mobilenetv1-28-0.5", mnist, 10, "MobileNetV1 width 0.5, small-input strides", (c, k, r) -> MobileNetV1.cifar(c, k, 0.5, r));
        add("mobilenetv1-28-0.25", mnist, 10, "MobileNetV1 width 0.25, small-input strides", (c, k, r) -> MobileNetV1.cifar(c, k, 0.25, r));
        for (int d : new int[] {11, 13, 16, 19}) {
            add("vgg" + d + "-cifar", cifar, 10, "VGG" + d + " with BN, 512-classes head", (c, k, r) -> Vgg.cifar(d, true, c, k, r));
            add("vgg" + d + "-cifar-nobn", cifar, 10, "VGG" + d + ", 512-classes head", (c, k, r) -> Vgg.cifar(d, false, c, k, r));
        }
        add("mobilenetv1-cifar", cifar, 10, "MobileNetV1, CIFAR strides", (c, k, r) -> MobileNetV1.cifar(c, k, 1.0, r));
        add("mobilenetv1-cifar-0.5", cifar, 10, "MobileNetV1 width 0.5, CIFAR strides", (c, k, r) -> MobileNetV1.cifar(c, k, 0.5, r));
        for (int d : new int[] {11, 13, 16, 19}) {
            add("vgg" + d, imagenet, 1000, "torchvision vgg" + d, (c, k, r) -> Vgg.imagenet(d, false, k, r));
            add("vgg" + d + "_bn", imagenet, 1000, "torchvision vgg" + d + "_bn", (c, k, r) -> Vgg.imagenet(d, true, k, r));
        }
        add("mobilenetv1", imagenet, 1000, "MobileNetV1, ImageNet strides", (c, k, r) -> MobileNetV1.imagenet(c, k, 1.0, r));
        add("mobilenet_v2", imagenet, 1000, "torchvision mobilenet_v2", (c, k, r) -> new MobileNetV2(c, k, 1.0, r));
    }

    private Models() {}

    private static void add(String name, int[] shape, int classes, String description, ModelSpec.Factory f) {
        SPECS.put(name, new ModelSpec(name, shape, classes, description, f));
    }

    /** All registered specs, in registration order. */
    public static Map<String, ModelSpec> all() { return Collections.unmodifiableMap(SPECS); }

    /** The spec named {@code name}; throws IllegalArgumentException listing the known names otherwise. */
    public static ModelSpec spec(String name) {
        ModelSpec s = SPECS.get(name);
        if (s == null) throw new IllegalArgumentException("unknown model '" + name + "'; known: " + String.join(", ", SPECS.keySet()));
        return s;
    }

    /** Builds model {@code name} with {@code classes} outputs, initialised from {@code rng}. */
    public static Module create(String name, int classes, Rng rng) { return spec(name).create(classes, rng); }

    /** Number of trainable parameter elements (buffers such as batch-norm statistics excluded). */
    public static long parameterCount(Module m) {
        long n = 0;
        for (Variable v : m.parameters()) n += v.data().numel();
        return n;
    }
}
