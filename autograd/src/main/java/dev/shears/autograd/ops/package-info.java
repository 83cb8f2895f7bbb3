/**
 * The differentiable ops, one class each: a static {@code apply} (the forward pass, with shape comments)
 * and the backward pass next to it. Semantics follow PyTorch's {@code torch.nn.functional} where one exists;
 * each class says which, and what it chose where PyTorch offers options.
 */
package dev.shears.autograd.ops;
