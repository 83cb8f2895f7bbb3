/**
 * Layers in the style of PyTorch's {@code torch.nn}: {@link dev.shears.nn.Module} with dotted parameter and
 * buffer names, train/eval modes and state dicts; the CNN building blocks (convolution, batch norm,
 * pooling, activations, dropout, linear) with PyTorch's default initialisation drawn from a seeded
 * {@link dev.shears.tensor.random.Rng}.
 */
package dev.shears.nn;
