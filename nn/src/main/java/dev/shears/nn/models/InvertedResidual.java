package dev.shears.nn.models;

import dev.shears.autograd.Variable;
import dev.shears.nn.BatchNorm2d;
import dev.shears.nn.Conv2d;
import dev.shears.nn.Module;
import dev.shears.nn.Sequential;
import dev.shears.tensor.random.Rng;

/**
 * MobileNetV2's inverted residual block (Sandler et al., "MobileNetV2: Inverted residuals and linear
 * bottlenecks", CVPR 2018, Table 1): 1×1 expansion to {@code t·in} channels (omitted when t = 1), 3×3
 * depthwise convolution with the stride, each with BN and ReLU6, then a linear 1×1 projection with BN. The
 * input is added to the output when the stride is 1 and the channel counts match. Children are named as in
 * torchvision: {@code conv.0} (expansion or depthwise ConvBNReLU6), ..., the projection conv and its BN last.
 */
public final class InvertedResidual extends Module {

    private final Sequential conv;
    private final boolean residual;

    public InvertedResidual(int in, int out, int stride, int expandRatio, Rng rng) {
        if (stride != 1 && stride != 2) throw new IllegalArgumentException("stride must be 1 or 2, got " + stride);
        int hidden = Math.round(in * (float) expandRatio);
        residual = stride == 1 && in == out;
        Sequential s = new Sequential();
        if (expandRatio != 1) s.add(MobileNetV2.convBnReLU6(in, hidden, 1, 1, 1, rng));
        s.add(MobileNetV2.convBnReLU6(hidden, hidden, 3, stride, hidden, rng));
        s.add(new Conv2d(hidden, out, 1, 1, 0, 1, 1, false, rng));
        s.add(new BatchNorm2d(out));
        conv = registerModule("conv", s);
    }

    /** x: [N, in, H, W] → [N, out, H/stride, W/stride]. */
    @Override public Variable forward(Variable x) {
        Variable y = conv.call(x);
        return residual ? x.add(y) : y;
    }
}
