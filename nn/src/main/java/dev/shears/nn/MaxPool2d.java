package dev.shears.nn;

import dev.shears.autograd.Variable;

/** Max pooling layer (PyTorch semantics, floor mode); stride defaults to the kernel size. */
public final class MaxPool2d extends Module {

    public final int kernel, stride, padding, dilation;

    public MaxPool2d(int kernel, int stride, int padding, int dilation) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
    }

    public MaxPool2d(int kernel) { this(kernel, kernel, 0, 1); }

    /** x: [N, C, H, W] → [N, C, outH, outW]. */
    @Override public Variable forward(Variable x) { return dev.shears.autograd.ops.MaxPool2d.apply(x, kernel, stride, padding, dilation); }
}
