package dev.shears.nn.models;

import dev.shears.nn.Module;
import dev.shears.tensor.random.Rng;

/**
 * A named architecture: its expected input shape [C, H, W], its usual class count, and how to build it.
 *
 * @param name         registry name, e.g. {@code vgg16-cifar}
 * @param inputShape   [C, H, W] the architecture is designed for
 * @param classes      default number of classes
 * @param description  one line for listings
 * @param factory      builds the model for a channel count and a class count
 */
public record ModelSpec(String name, int[] inputShape, int classes, String description, Factory factory) {

    /** Builds a model; parameters are initialised from {@code rng}. */
    @FunctionalInterface
    public interface Factory {
        Module create(int inChannels, int classes, Rng rng);
    }

    public ModelSpec {
        inputShape = inputShape.clone();
    }

    @Override public int[] inputShape() { return inputShape.clone(); }

    /** Builds the model with the designed input channels and {@code classes} outputs. */
    public Module create(int classes, Rng rng) { return factory.create(inputShape[0], classes, rng); }
}
