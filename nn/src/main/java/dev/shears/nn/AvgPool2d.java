package dev.shears.nn;

import dev.shears.autograd.Variable;

/** Average pooling layer (PyTorch semantics, floor mode); stride defaults to the kernel size. */
public final class AvgPool2d extends Module {

    public final int kernel, stride, padding;
    public final boolean countIncludePad;

    public AvgPool2d(int kernel, int stride, int padding, boolean countIncludePad) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.countIncludePad = countIncludePad;
    }

    public AvgPool2d(int kernel) { this(kernel, kernel, 0, true); }

    /** x: [N, C, H, W] → [N, C, outH, outW]. */
    @Override public Variable forward(Variable x) { return dev.shears.autograd.ops.AvgPool2d.apply(x, kernel, stride, padding, countIncludePad); }
}
