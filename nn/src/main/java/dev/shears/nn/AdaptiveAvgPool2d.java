package dev.shears.nn;

import dev.shears.autograd.Variable;

/** Adaptive average pooling to a fixed output size (PyTorch's windows). */
public final class AdaptiveAvgPool2d extends Module {

    public final int outH, outW;

    public AdaptiveAvgPool2d(int outH, int outW) {
        this.outH = outH;
        this.outW = outW;
    }

    /** x: [N, C, H, W] → [N, C, outH, outW]. */
    @Override public Variable forward(Variable x) { return dev.shears.autograd.ops.AdaptiveAvgPool2d.apply(x, outH, outW); }
}
