package dev.shears.prune.inference;

import dev.shears.autograd.Variable;
import dev.shears.nn.Conv2d;
import dev.shears.nn.Module;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.conv.ConvGeometry;
import dev.shears.tensor.conv.Im2col;
import dev.shears.tensor.sparse.CsrMatrix;

/**
 * Inference-only convolution with a CSR weight: per image, im2col then y = S · cols, where S is the
 * [out, in·kh·kw] weight in CSR form (only its nonzeros are multiplied). One group only. No gradient.
 */
public final class SparseConv2d extends Module {

    private final CsrMatrix weight;
    private final float[] bias;
    private final int in, out, kernel, stride, padding, dilation;

    /** Converts a dense convolution; its weight's zeros are dropped. */
    public SparseConv2d(Conv2d c) {
        if (c.groups != 1) throw new IllegalArgumentException("SparseConv2d supports groups = 1, got " + c.groups);
        Tensor w = c.weight().data();
        this.weight = CsrMatrix.fromDense(w.reshape(c.outChannels, w.numel() / c.outChannels), 0f);
        this.bias = c.bias() == null ? null : c.bias().data().toArray();
        this.in = c.inChannels;
        this.out = c.outChannels;
        this.kernel = c.kernel;
        this.stride = c.stride;
        this.padding = c.padding;
        this.dilation = c.dilation;
    }

    /** The CSR weight. */
    public CsrMatrix weight() { return weight; }

    /** x: [N, in, H, W] → [N, out, outH, outW]. */
    @Override public Variable forward(Variable x) {
        Tensor xt = x.data();
        int n = xt.dim(0), h = xt.dim(2), wd = xt.dim(3);
        ConvGeometry g = ConvGeometry.square(in, h, wd, kernel, stride, padding, dilation, 1);
        int oh = g.outHeight(), ow = g.outWidth(), plane = oh * ow;
        Tensor y = Tensor.zeros(n, out, oh, ow);
        float[] cols = new float[g.colRows() * plane];
        for (int i = 0; i < n; i++) {
            // cols: [in·kh·kw, outH·outW]
            Im2col.im2col(xt.data(), xt.offset() + i * g.imageSize(), g, 0, cols, 0);
            weight.sparseTimesDense(cols, 0, plane, plane, y.data(), i * out * plane, plane);
            if (bias != null) {
                for (int o = 0; o < out; o++) {
                    int base = (i * out + o) * plane;
                    for (int p = 0; p < plane; p++) y.data()[base + p] += bias[o];
                }
            }
        }
        return Variable.constant(y);
    }
}
