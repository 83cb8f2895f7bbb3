package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Parallel;
import dev.shears.tensor.Shape;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.conv.AdaptiveAvgPool2dKernel;

/** Adaptive average pooling to a fixed output size ({@link AdaptiveAvgPool2dKernel}, PyTorch's windows). */
public final class AdaptiveAvgPool2d extends Node {

    private final int[] inShape;
    private final int outH, outW;

    private AdaptiveAvgPool2d(Variable x, int outH, int outW) {
        super(x);
        this.inShape = x.shape();
        this.outH = outH;
        this.outW = outW;
    }

    /** x: [N, C, H, W] → y: [N, C, outH, outW]. */
    public static Variable apply(Variable x, int outH, int outW) {
        Tensor X = x.data();
        if (X.rank() != 4 || outH < 1 || outW < 1) {
            throw new IllegalArgumentException("adaptiveAvgPool2d: x " + Shape.str(X.shape()) + " to " + outH + "x" + outW);
        }
        int n = X.dim(0), c = X.dim(1), h = X.dim(2), w = X.dim(3);
        Tensor y = Tensor.zeros(n, c, outH, outW);
        Parallel.forEach(n, i -> AdaptiveAvgPool2dKernel.forward(X.data(), X.offset() + i * c * h * w, c, h, w, outH, outW, y.data(), i * c * outH * outW));
        return record(y, () -> new AdaptiveAvgPool2d(x, outH, outW), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        int n = inShape[0], c = inShape[1], h = inShape[2], w = inShape[3];
        Tensor gx = Tensor.zeros(inShape);
        Parallel.forEach(n, i -> AdaptiveAvgPool2dKernel.backward(gy.data(), gy.offset() + i * c * outH * outW, c, h, w, outH, outW, gx.data(), i * c * h * w));
        return new Tensor[] {gx};
    }
}
