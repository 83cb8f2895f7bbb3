package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Parallel;
import dev.shears.tensor.Shape;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.conv.ConvGeometry;
import dev.shears.tensor.conv.MaxPool2dKernel;
import java.util.Arrays;

/**
 * Max pooling ({@link MaxPool2dKernel}, PyTorch semantics, floor mode): the forward pass records the argmax of
 * every window; the gradient flows only to those positions. Tasks are images.
 */
public final class MaxPool2d extends Node {

    private final ConvGeometry geo;
    private final int[] inShape;
    private int[] argmax;

    private MaxPool2d(Variable x, ConvGeometry geo, int[] argmax) {
        super(x);
        this.geo = geo;
        this.inShape = x.shape();
        this.argmax = argmax;
    }

    /** x: [N, C, H, W] → y: [N, C, outH, outW]. PyTorch requires {@code padding ≤ kernel/2}; so does this. */
    public static Variable apply(Variable x, int kernel, int stride, int padding, int dilation) {
        Tensor X = x.data();
        if (X.rank() != 4) throw new IllegalArgumentException("maxPool2d: x " + Shape.str(X.shape()));
        if (2 * padding > kernel) throw new IllegalArgumentException("maxPool2d: padding " + padding + " > kernel/2 for kernel " + kernel);
        ConvGeometry g = ConvGeometry.square(X.dim(1), X.dim(2), X.dim(3), kernel, stride, padding, dilation, 1);
        int n = X.dim(0), outImg = g.channels() * g.colCols();
        Tensor y = Tensor.empty(n, g.channels(), g.outHeight(), g.outWidth());
        int[] argmax = new int[n * outImg];
        Parallel.forEach(n, i -> MaxPool2dKernel.forward(X.data(), X.offset() + i * g.imageSize(), g, y.data(), i * outImg, argmax, i * outImg));
        return record(y, () -> new MaxPool2d(x, g, argmax), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        int n = inShape[0], outImg = geo.channels() * geo.colCols();
        Tensor gx = Tensor.empty(inShape); // each image's task zeroes its part, then adds into it
        float[] gxd = gx.data();
        int img = geo.imageSize();
        Parallel.forEach(n, i -> {
            Arrays.fill(gxd, i * img, (i + 1) * img, 0f);
            MaxPool2dKernel.backward(gy.data(), gy.offset() + i * outImg, argmax, i * outImg, geo, gxd, i * img);
        });
        return new Tensor[] {gx};
    }

    @Override protected void release() { argmax = null; }
}
