package dev.shears.autograd.ops;

import dev.shears.tensor.Parallel;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.conv.ConvGeometry;

/**
 * Direct loops for depthwise convolution ({@code groups == C_in == C_out}, weight [C, 1, kh, kw], as in
 * MobileNetV1's 3×3 depthwise layers, Howard et al. 2017 §3.1): each channel is convolved with its own
 * kernel. Used by {@link Conv2d}.
 *
 * <p>Loops run tap-major: for each kernel tap (ki, kj) and output row, the output columns whose input column
 * lies inside the image form one contiguous range, computed once, so the innermost loop is a bounds-check
 * free axpy (forward, input gradient) or dot product (weight gradient) along a row. Forward tasks are images;
 * backward tasks are channels, each summing its weight gradient over images in order (no cross-task
 * reduction, so results do not depend on the thread count).
 */
final class DepthwiseConv2d {

    private DepthwiseConv2d() {}

    /** First output column whose input column {@code ox·s + off} is ≥ 0. */
    private static int firstValid(int off, int s) { return off >= 0 ? 0 : (-off + s - 1) / s; }

    /** One past the last output column (clipped to {@code ow}) whose input column is < {@code w}. */
    private static int endValid(int off, int s, int w, int ow) {
        if (w - 1 - off < 0) return 0;
        return Math.min(ow, (w - 1 - off) / s + 1);
    }

    /** x: [N, C, H, W], w: [C, 1, kh, kw], bias: [C] or null → y: [N, C, outH, outW]. */
    static Tensor forward(Tensor X, Tensor W, Tensor bias, ConvGeometry g) {
        int n = X.dim(0), c = g.channels(), h = g.height(), w = g.width(), oh = g.outHeight(), ow = g.outWidth();
        int kh = g.kernelH(), kw = g.kernelW(), sh = g.strideH(), sw = g.strideW();
        Tensor y = Tensor.zeros(n, c, oh, ow);
        float[] xd = X.data(), wd = W.data(), yd = y.data();
        int xo = X.offset(), wo = W.offset();
        Parallel.forEach(n, i -> {
            for (int ch = 0; ch < c; ch++) {
                int xp = xo + (i * c + ch) * h * w, yp = (i * c + ch) * oh * ow, wp = wo + ch * kh * kw;
                if (bias != null) java.util.Arrays.fill(yd, yp, yp + oh * ow, bias.data()[bias.offset() + ch]);
                for (int ki = 0; ki < kh; ki++) {
                    for (int kj = 0; kj < kw; kj++) {
                        float wv = wd[wp + ki * kw + kj];
                        int colOff = kj * g.dilationW() - g.padW();
                        int x0 = firstValid(colOff, sw), x1 = endValid(colOff, sw, w, ow);
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * sh - g.padH() + ki * g.dilationH();
                            if (iy < 0 || iy >= h) continue;
                            int src = xp + iy * w + colOff, dst = yp + oy * ow;
                            for (int ox = x0; ox < x1; ox++) yd[dst + ox] += wv * xd[src + ox * sw];
                        }
                    }
                }
            }
        });
        return y;
    }

    /** Returns {∂x, ∂w} (null where not wanted). gy: [N, C, outH, outW]. */
    static Tensor[] backward(Tensor X, Tensor W, Tensor gy, ConvGeometry g, boolean wantX, boolean wantW) {
        int n = X.dim(0), c = g.channels(), h = g.height(), w = g.width(), oh = g.outHeight(), ow = g.outWidth();
        int kh = g.kernelH(), kw = g.kernelW(), sh = g.strideH(), sw = g.strideW();
        Tensor gx = wantX ? Tensor.zeros(X.shape()) : null;
        Tensor gw = wantW ? Tensor.zeros(W.shape()) : null;
        float[] xd = X.data(), wd = W.data(), gyd = gy.data();
        int xo = X.offset(), wo = W.offset(), gyo = gy.offset();
        Parallel.forEach(c, ch -> {
            int wp = ch * kh * kw;
            for (int i = 0; i < n; i++) {
                int xp = xo + (i * c + ch) * h * w, gp = gyo + (i * c + ch) * oh * ow, gxp = (i * c + ch) * h * w;
                for (int ki = 0; ki < kh; ki++) {
                    for (int kj = 0; kj < kw; kj++) {
                        int colOff = kj * g.dilationW() - g.padW();
                        int x0 = firstValid(colOff, sw), x1 = endValid(colOff, sw, w, ow);
                        float wv = wd[wo + wp + ki * kw + kj];
                        float acc = 0f;
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * sh - g.padH() + ki * g.dilationH();
                            if (iy < 0 || iy >= h) continue;
                            int row = iy * w + colOff, grow = gp + oy * ow;
                            if (wantW) {
                                for (int ox = x0; ox < x1; ox++) acc += gyd[grow + ox] * xd[xp + row + ox * sw];
                            }
                            if (wantX) {
                                float[] d = gx.data();
                                for (int ox = x0; ox < x1; ox++) d[gxp + row + ox * sw] += wv * gyd[grow + ox];
                            }
                        }
                        if (wantW) gw.data()[wp + ki * kw + kj] += acc;
                    }
                }
            }
        });
        return new Tensor[] {gx, gw};
    }
}
