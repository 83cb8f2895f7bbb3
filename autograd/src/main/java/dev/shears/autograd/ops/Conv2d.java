package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Parallel;
import dev.shears.tensor.Shape;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.conv.ConvGeometry;
import dev.shears.tensor.kernels.Kernels;
import dev.shears.tensor.kernels.KernelProvider;

/**
 * 2-D convolution (cross-correlation, as PyTorch's {@code F.conv2d}) with stride, zero padding, dilation and
 * groups: {@code y[n,o] = b[o] + Σ_{c ∈ group(o), ki, kj} w[o,c,ki,kj]·x[n, c, oy·s − p + ki·d, ox·s − p + kj·d]}.
 *
 * <p>Depthwise convolutions ({@code groups == C_in == C_out}) run on {@link DepthwiseConv2d}'s direct loops,
 * because their per-group GEMMs would be 1×k×P slivers; everything else on {@link DenseConv2d} (im2col +
 * GEMM). Both are deterministic: their task splits depend only on the problem, never on the thread count.
 */
public final class Conv2d extends Node {

    private static final Kernels K = KernelProvider.get();

    private final ConvGeometry geo;

    private Conv2d(Variable x, Variable w, Variable b, ConvGeometry geo) {
        super(x, w, b);
        this.geo = geo;
    }

    /** Square stride/padding/dilation. x: [N, C, H, W], w: [O, C/groups, kh, kw], b: [O] or null. */
    public static Variable apply(Variable x, Variable w, Variable b, int stride, int padding, int dilation, int groups) {
        return apply(x, w, b, new int[] {stride, stride}, new int[] {padding, padding}, new int[] {dilation, dilation}, groups);
    }

    /**
     * x: [N, C, H, W], w: [O, C/groups, kh, kw], b: [O] or null; stride, padding, dilation as (h, w) pairs
     * → y: [N, O, outH, outW] with {@code out = floor((in + 2·pad − dil·(k − 1) − 1)/stride) + 1}.
     */
    public static Variable apply(Variable x, Variable w, Variable b, int[] stride, int[] padding, int[] dilation, int groups) {
        Tensor X = x.data(), W = w.data();
        if (stride.length != 2 || padding.length != 2 || dilation.length != 2) {
            throw new IllegalArgumentException("conv2d: stride, padding and dilation are (h, w) pairs");
        }
        if (X.rank() != 4 || W.rank() != 4) {
            throw new IllegalArgumentException("conv2d: x " + Shape.str(X.shape()) + ", weight " + Shape.str(W.shape()));
        }
        int c = X.dim(1), o = W.dim(0);
        if (groups < 1 || c % groups != 0 || o % groups != 0 || W.dim(1) != c / groups
                || (b != null && (b.data().rank() != 1 || b.dim(0) != o))) {
            throw new IllegalArgumentException("conv2d: x " + Shape.str(X.shape()) + ", weight " + Shape.str(W.shape())
                    + (b == null ? "" : ", bias " + Shape.str(b.shape())) + ", groups " + groups);
        }
        ConvGeometry geo = new ConvGeometry(c, X.dim(2), X.dim(3), W.dim(2), W.dim(3), stride[0], stride[1],
                padding[0], padding[1], dilation[0], dilation[1], groups);
        Tensor bias = b == null ? null : b.data();
        Tensor y = isDepthwise(geo, o) ? DepthwiseConv2d.forward(X, W, bias, geo) : DenseConv2d.forward(X, W, bias, geo);
        return record(y, () -> new Conv2d(x, w, b, geo), x, w, b);
    }

    static boolean isDepthwise(ConvGeometry g, int outChannels) {
        return g.groups() > 1 && g.groups() == g.channels() && outChannels == g.channels();
    }

    static void addBias(float[] y, int off, Tensor bias, int o, int p) {
        float[] bd = bias.data();
        for (int ch = 0; ch < o; ch++) {
            float v = bd[bias.offset() + ch];
            for (int j = off + ch * p, end = j + p; j < end; j++) y[j] += v;
        }
    }

    @Override protected Tensor[] backward(Tensor gy) {
        Tensor X = input(0).data(), W = input(1).data();
        int o = W.dim(0);
        Tensor[] g = isDepthwise(geo, o)
                ? DepthwiseConv2d.backward(X, W, gy, geo, needsGrad(0), needsGrad(1))
                : DenseConv2d.backward(X, W, gy, geo, needsGrad(0), needsGrad(1), needsGrad(1) ? gradientStorage(1) : null);
        Tensor gb = needsGrad(2) ? biasGrad(gy) : null;
        return new Tensor[] {g[0], g[1], gb};
    }

    /**
     * Every gradient is a new tensor: the convolutions allocate the input and weight gradients (or write the
     * weight gradient into recycled storage, {@link #gradientStorage}) and {@link #biasGrad} the bias
     * gradient. An input gradient taken from a buffer pool is still copied by the leaf (it does not own it).
     */
    @Override protected boolean freshGradient(int i) { return true; }

    /**
     * ∂b[o] = Σ_{n, pixels} gy: each plane summed on the kernels, planes added in image order in double.
     * Tasks are channels (each its own sum, so the result does not depend on the thread count).
     */
    static Tensor biasGrad(Tensor gy) {
        int n = gy.dim(0), o = gy.dim(1), p = gy.dim(2) * gy.dim(3);
        Tensor gb = Tensor.zeros(o);
        float[] gd = gy.data(), gbd = gb.data();
        Parallel.forEach(o, ch -> {
            double s = 0;
            for (int i = 0; i < n; i++) s += K.sum(gd, gy.offset() + (i * o + ch) * p, p);
            gbd[ch] = (float) s;
        });
        return gb;
    }
}
