package dev.shears.autograd.ops;

import dev.shears.tensor.Parallel;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.conv.ConvGeometry;

/**
 * Direct loops for depthwise convolution ({@code groups == C_in == C_out}, weight [C, 1, kh, kw], as in
 * MobileNetV1's 3×3 depthwise layers, Howard et al. 2017 §3.1): each channel is convolved with its own
 * kernel. Used by {@link Conv2d}; forward tasks are images, backward tasks are channels (each channel's
 * weight gradient sums its images in order, so no cross-task reduction is needed).
 */
final class DepthwiseConv2d {

    private DepthwiseConv2d() {}

    /** x: [N, C, H, W], w: [C, 1, kh, kw], bias: [C] or null → y: [N, C, outH, outW]. */
    static Tensor forward(Tensor X, Tensor W, Tensor bias, ConvGeometry g) {
        int n = X.dim(0), c = g.channels(), h = g.height(), w = g.width(), oh = g.outHeight(), ow = g.outWidth();
        int kh = g.kernelH(), kw = g.kernelW();
        Tensor y = Tensor.zeros(n, c, oh, ow);
        float[] xd = X.data(), wd = W.data(), yd = y.data();
        int xo = X.offset(), wo = W.offset();
        Parallel.forEach(n, i -> {
            for (int ch = 0; ch < c; ch++) {
                int xp = xo + (i * c + ch) * h * w, yp = (i * c + ch) * oh * ow, wp = wo + ch * kh * kw;
                float b0 = bias == null ? 0f : bias.data()[bias.offset() + ch];
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float s = 0f;
                        for (int ki = 0; ki < kh; ki++) {
                            int iy = oy * g.strideH() - g.padH() + ki * g.dilationH();
                            if (iy < 0 || iy >= h) continue;
                            int row = xp + iy * w;
                            for (int kj = 0; kj < kw; kj++) {
                                int ix = ox * g.strideW() - g.padW() + kj * g.dilationW();
                                if (ix >= 0 && ix < w) s += xd[row + ix] * wd[wp + ki * kw + kj];
                            }
                        }
                        yd[yp + oy * ow + ox] = s + b0;
                    }
                }
            }
        });
        return y;
    }

    /** Returns {∂x, ∂w} (null where not wanted). gy: [N, C, outH, outW]. */
    static Tensor[] backward(Tensor X, Tensor W, Tensor gy, ConvGeometry g, boolean wantX, boolean wantW) {
        int n = X.dim(0), c = g.channels(), h = g.height(), w = g.width(), oh = g.outHeight(), ow = g.outWidth();
        int kh = g.kernelH(), kw = g.kernelW();
        Tensor gx = wantX ? Tensor.zeros(X.shape()) : null;
        Tensor gw = wantW ? Tensor.zeros(W.shape()) : null;
        float[] xd = X.data(), wd = W.data(), gyd = gy.data();
        int xo = X.offset(), wo = W.offset(), gyo = gy.offset();
        Parallel.forEach(c, ch -> {
            int wp = wo + ch * kh * kw;
            for (int i = 0; i < n; i++) {
                int xp = xo + (i * c + ch) * h * w, gp = gyo + (i * c + ch) * oh * ow, gxp = (i * c + ch) * h * w;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float gv = gyd[gp + oy * ow + ox];
                        for (int ki = 0; ki < kh; ki++) {
                            int iy = oy * g.strideH() - g.padH() + ki * g.dilationH();
                            if (iy < 0 || iy >= h) continue;
                            for (int kj = 0; kj < kw; kj++) {
                                int ix = ox * g.strideW() - g.padW() + kj * g.dilationW();
                                if (ix < 0 || ix >= w) continue;
                                if (wantW) gw.data()[ch * kh * kw + ki * kw + kj] += gv * xd[xp + iy * w + ix];
                                if (wantX) gx.data()[gxp + iy * w + ix] += gv * wd[wp + ki * kw + kj];
                            }
                        }
                    }
                }
            }
        });
        return new Tensor[] {gx, gw};
    }
}
