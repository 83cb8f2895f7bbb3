package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Parallel;
import dev.shears.tensor.Shape;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.conv.AvgPool2dKernel;
import dev.shears.tensor.conv.ConvGeometry;

/** Average pooling ({@link AvgPool2dKernel}, PyTorch semantics, floor mode). Tasks are images. */
public final class AvgPool2d extends Node {

    private final ConvGeometry geo;
    private final boolean countIncludePad;
    private final int[] inShape;

    private AvgPool2d(Variable x, ConvGeometry geo, boolean countIncludePad) {
        super(x);
        this.geo = geo;
        this.countIncludePad = countIncludePad;
        this.inShape = x.shape();
    }

    /** x: [N, C, H, W] → y: [N, C, outH, outW]; PyTorch's defaults are {@code countIncludePad = true}. */
    public static Variable apply(Variable x, int kernel, int stride, int padding, boolean countIncludePad) {
        Tensor X = x.data();
        if (X.rank() != 4) throw new IllegalArgumentException("avgPool2d: x " + Shape.str(X.shape()));
        if (2 * padding > kernel) throw new IllegalArgumentException("avgPool2d: padding " + padding + " > kernel/2 for kernel " + kernel);
        ConvGeometry g = ConvGeometry.square(X.dim(1), X.dim(2), X.dim(3), kernel, stride, padding, 1, 1);
        int n = X.dim(0), outImg = g.channels() * g.colCols();
        Tensor y = Tensor.zeros(n, g.channels(), g.outHeight(), g.outWidth());
        Parallel.forEach(n, i -> AvgPool2dKernel.forward(X.data(), X.offset() + i * g.imageSize(), g, countIncludePad, y.data(), i * outImg));
        return record(y, () -> new AvgPool2d(x, g, countIncludePad), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        int n = inShape[0], outImg = geo.channels() * geo.colCols();
        Tensor gx = Tensor.zeros(inShape);
        Parallel.forEach(n, i -> AvgPool2dKernel.backward(gy.data(), gy.offset() + i * outImg, geo, countIncludePad, gx.data(), i * geo.imageSize()));
        return new Tensor[] {gx};
    }
}
