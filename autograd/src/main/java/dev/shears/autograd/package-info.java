/**
 * Reverse-mode automatic differentiation on {@link dev.shears.tensor.Tensor}s.
 *
 * <p>A {@link dev.shears.autograd.Variable} wraps a tensor; ops in {@code dev.shears.autograd.ops} (one class
 * per op, forward and backward side by side) record a {@link dev.shears.autograd.Node} when grad mode is on
 * and an input requires a gradient. {@link dev.shears.autograd.Variable#backward()} differentiates the
 * recorded graph once and releases it. {@link dev.shears.autograd.NoGrad#scope()} turns recording off on the
 * current thread (inference, parameter updates).
 */
package dev.shears.autograd;
