package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Parallel;
import dev.shears.tensor.Shape;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.conv.ConvGeometry;
import dev.shears.tensor.conv.Im2col;
import dev.shears.tensor.gemm.Gemm;

/**
 * 2-D convolution (cross-correlation, as PyTorch's {@code F.conv2d}) with stride, zero padding, dilation and
 * groups.
 *
 * <p>Dense path (Chellapilla et al., "High performance convolutional neural networks for document
 * processing", 2006): per image and group, {@code cols = im2col(x)} and {@code y_g = W_g · cols}, one GEMM.
 * A 1×1 kernel with stride 1 and no padding needs no im2col (the image already is the column matrix).
 * Backward: {@code ∂cols = W_gᵀ · gy_g} then col2im gives {@code ∂x}; {@code ∂W_g = Σ_n gy_{n,g} · cols_nᵀ}
 * with the columns recomputed rather than stored (memory over time). Depthwise convolutions
 * ({@code groups == C_in == C_out}) use {@link DepthwiseConv2d}'s direct loops instead, because their
 * per-group GEMMs would be 1×k×P slivers.
 *
 * <p>Determinism: forward tasks are images. The backward pass splits the batch into a fixed number
 * ({@value #WEIGHT_GRAD_CHUNKS}, or N if smaller) of contiguous chunks; each chunk accumulates its own weight
 * gradient over its images in order, and the chunk partials are summed in chunk order. Neither depends on the
 * thread count, so results are bitwise reproducible on any machine with the same GEMM.
 */
public final class Conv2d extends Node {

    /** Number of weight-gradient partial sums; fixed so the reduction order never depends on threads. */
    static final int WEIGHT_GRAD_CHUNKS = 8;

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
        Tensor y = isDepthwise(geo, o) ? DepthwiseConv2d.forward(X, W, bias, geo) : forward(X, W, bias, geo);
        return record(y, () -> new Conv2d(x, w, b, geo), x, w, b);
    }

    static boolean isDepthwise(ConvGeometry g, int outChannels) {
        return g.groups() > 1 && g.groups() == g.channels() && outChannels == g.channels();
    }

    /** A 1×1, stride-1, unpadded kernel: the image planes already form the column matrix. */
    private static boolean isPointwise(ConvGeometry g) {
        return g.kernelH() == 1 && g.kernelW() == 1 && g.strideH() == 1 && g.strideW() == 1 && g.padH() == 0 && g.padW() == 0;
    }

    private static Tensor forward(Tensor X, Tensor W, Tensor bias, ConvGeometry g) {
        int n = X.dim(0), o = W.dim(0), og = o / g.groups();
        int rows = g.colRows(), p = g.colCols(), img = g.imageSize();
        Tensor y = Tensor.zeros(n, o, g.outHeight(), g.outWidth());
        float[] xd = X.data(), wd = W.data(), yd = y.data();
        int xo = X.offset(), wo = W.offset();
        boolean pointwise = isPointwise(g);
        Parallel.forEach(n, i -> {
            float[] cols = pointwise ? null : Scratch.get(Scratch.COLS, rows * p);
            for (int grp = 0; grp < g.groups(); grp++) {
                float[] src = xd;
                int srcOff = xo + i * img + grp * rows * p; // pointwise: this group's channel planes
                if (!pointwise) {
                    Im2col.im2col(xd, xo + i * img, g, grp, cols, 0);
                    src = cols;
                    srcOff = 0;
                }
                // y[i, grp·og .. +og, :] = W_g [og, rows] · cols [rows, p]
                Gemm.sgemm(false, false, og, p, rows, 1f, wd, wo + grp * og * rows, rows, src, srcOff, p,
                        0f, yd, (i * o + grp * og) * p, p);
            }
            if (bias != null) addBias(yd, i * o * p, bias, o, p);
        });
        return y;
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
                : denseBackward(X, W, gy, needsGrad(0), needsGrad(1));
        Tensor gb = needsGrad(2) ? biasGrad(gy) : null;
        return new Tensor[] {g[0], g[1], gb};
    }

    /** ∂b[o] = Σ_{n, pixels} gy, summed in index order in double. gy: [N, O, outH, outW] → [O]. */
    static Tensor biasGrad(Tensor gy) {
        int n = gy.dim(0), o = gy.dim(1), p = gy.dim(2) * gy.dim(3);
        Tensor gb = Tensor.zeros(o);
        float[] gd = gy.data();
        for (int ch = 0; ch < o; ch++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                for (int j = gy.offset() + (i * o + ch) * p, end = j + p; j < end; j++) s += gd[j];
            }
            gb.data()[ch] = (float) s;
        }
        return gb;
    }

    private Tensor[] denseBackward(Tensor X, Tensor W, Tensor gy, boolean wantX, boolean wantW) {
        ConvGeometry g = geo;
        int n = X.dim(0), o = W.dim(0), og = o / g.groups();
        int rows = g.colRows(), p = g.colCols(), img = g.imageSize(), wSize = W.numel();
        Tensor gx = wantX ? Tensor.zeros(X.shape()) : null;
        Tensor gw = wantW ? Tensor.zeros(W.shape()) : null;
        float[] xd = X.data(), wd = W.data(), gyd = gy.data();
        int xo = X.offset(), wo = W.offset(), gyo = gy.offset();
        boolean pointwise = isPointwise(g);
        int chunks = Math.min(n, WEIGHT_GRAD_CHUNKS);
        float[] partials = wantW ? Scratch.get(Scratch.PARTIALS, chunks * wSize) : null;
        Parallel.forEach(chunks, chunk -> {
            int from = (int) ((long) chunk * n / chunks), to = (int) ((long) (chunk + 1) * n / chunks);
            float[] cols = pointwise ? null : Scratch.get(Scratch.COLS, rows * p);
            float[] dcols = pointwise || !wantX ? null : Scratch.get(Scratch.DCOLS, rows * p);
            for (int i = from; i < to; i++) {
                for (int grp = 0; grp < g.groups(); grp++) {
                    int gyOff = gyo + (i * o + grp * og) * p; // gy[i, grp·og .. +og, :] : [og, p]
                    if (wantW) {
                        float[] src = xd;
                        int srcOff = xo + i * img + grp * rows * p;
                        if (!pointwise) {
                            Im2col.im2col(xd, xo + i * img, g, grp, cols, 0);
                            src = cols;
                            srcOff = 0;
                        }
                        // partial_W_g [og, rows] (+)= gy_g [og, p] · colsᵀ [p, rows]
                        Gemm.sgemm(false, true, og, rows, p, 1f, gyd, gyOff, p, src, srcOff, p,
                                i == from ? 0f : 1f, partials, chunk * wSize + grp * og * rows, rows);
                    }
                    if (wantX) {
                        float[] gxd = gx.data();
                        if (pointwise) {
                            // gx_g [rows, p] = W_gᵀ [rows, og] · gy_g [og, p]
                            Gemm.sgemm(true, false, rows, p, og, 1f, wd, wo + grp * og * rows, rows, gyd, gyOff, p,
                                    0f, gxd, i * img + grp * rows * p, p);
                        } else {
                            Gemm.sgemm(true, false, rows, p, og, 1f, wd, wo + grp * og * rows, rows, gyd, gyOff, p,
                                    0f, dcols, 0, p);
                            Im2col.col2im(dcols, 0, g, grp, gxd, i * img);
                        }
                    }
                }
            }
        });
        if (wantW) {
            float[] gwd = gw.data();
            for (int chunk = 0; chunk < chunks; chunk++) { // fixed order
                for (int j = 0, base = chunk * wSize; j < wSize; j++) gwd[j] += partials[base + j];
            }
        }
        return new Tensor[] {gx, gw};
    }
}
