package dev.shears.autograd.ops;

import dev.shears.tensor.Parallel;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.conv.ConvGeometry;
import dev.shears.tensor.kernels.Kernels;
import dev.shears.tensor.kernels.KernelProvider;

/**
 * Direct loops for depthwise convolution ({@code groups == C_in == C_out}, weight [C, 1, kh, kw], as in
 * MobileNetV1's 3×3 depthwise layers, Howard et al. 2017 §3.1): each channel is convolved with its own
 * kernel. Used by {@link Conv2d}; strides up to 2 go to {@link DepthwiseStacked}'s whole-plane formulation,
 * the loops here serve larger strides.
 *
 * <p>Loops run tap-major: for each kernel tap (ki, kj) and output row, the output columns whose input column
 * lies inside the image form one contiguous range, computed once, so the innermost loop is a bounds-check
 * free axpy (forward, input gradient) or dot product (weight gradient) along a row; with stride 1 these run
 * on the {@link Kernels} (vectorised when available). The weight gradient accumulates products element-wise
 * into one row per tap and reduces each row once per channel at the end, so there is no long chain of
 * dependent additions (nor a horizontal vector reduction per row). Forward tasks are images;
 * backward tasks are channels, each summing its weight gradient over images in order (no cross-task
 * reduction, so results do not depend on the thread count).
 */
final class DepthwiseConv2d {

    private static final Kernels K = KernelProvider.get();

    private DepthwiseConv2d() {}

    /** {@code y[yo + j] += alpha · x[xo + j·xs]} for j in [0, n). */
    private static void axpy(float alpha, float[] x, int xo, int xs, float[] y, int yo, int n) {
        if (xs == 1) {
            K.axpy(alpha, x, xo, y, yo, n);
        } else {
            for (int j = 0; j < n; j++) y[yo + j] += alpha * x[xo + j * xs];
        }
    }

    /** {@code y[yo + j·ys] += alpha · x[xo + j]} for j in [0, n). */
    private static void scatterAxpy(float alpha, float[] x, int xo, float[] y, int yo, int ys, int n) {
        if (ys == 1) {
            K.axpy(alpha, x, xo, y, yo, n);
        } else {
            for (int j = 0; j < n; j++) y[yo + j * ys] += alpha * x[xo + j];
        }
    }

    /** {@code acc[j] += a[ao + j] · b[bo + j·bs]} for j in [0, n): element-wise, no reduction chain. */
    private static void accumulateProducts(float[] acc, int accOff, float[] a, int ao, float[] b, int bo, int bs, int n) {
        if (bs == 1) {
            for (int j = 0; j < n; j++) acc[accOff + j] += a[ao + j] * b[bo + j];
        } else {
            for (int j = 0; j < n; j++) acc[accOff + j] += a[ao + j] * b[bo + j * bs];
        }
    }

    /** First output column whose input column {@code ox·s + off} is ≥ 0. */
    private static int firstValid(int off, int s) { return off >= 0 ? 0 : (-off + s - 1) / s; }

    /** One past the last output column (clipped to {@code ow}) whose input column is < {@code w}. */
    private static int endValid(int off, int s, int w, int ow) {
        if (w - 1 - off < 0) return 0;
        return Math.min(ow, (w - 1 - off) / s + 1);
    }

    /** Strides up to 2 run as stride 1 over stacked planes, then sampled (see {@link DepthwiseStacked}). */
    static boolean stacked(ConvGeometry g) { return g.strideH() <= 2 && g.strideW() <= 2; }

    /** x: [N, C, H, W], w: [C, 1, kh, kw], bias: [C] or null → y: [N, C, outH, outW]. */
    static Tensor forward(Tensor X, Tensor W, Tensor bias, ConvGeometry g) {
        if (stacked(g)) return DepthwiseStacked.forward(X, W, bias, g);
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
                            if (x1 > x0) axpy(wv, xd, src + x0 * sw, sw, yd, dst + x0, x1 - x0);
                        }
                    }
                }
            }
        });
        return y;
    }

    /** Returns {∂x, ∂w} (null where not wanted). gy: [N, C, outH, outW]. */
    static Tensor[] backward(Tensor X, Tensor W, Tensor gy, ConvGeometry g, boolean wantX, boolean wantW) {
        if (stacked(g)) return DepthwiseStacked.backward(X, W, gy, g, wantX, wantW);
        int n = X.dim(0), c = g.channels(), h = g.height(), w = g.width(), oh = g.outHeight(), ow = g.outWidth();
        int kh = g.kernelH(), kw = g.kernelW(), sh = g.strideH(), sw = g.strideW();
        Tensor gx = wantX ? Tensor.zeros(X.shape()) : null;
        Tensor gw = wantW ? Tensor.zeros(W.shape()) : null;
        float[] xd = X.data(), wd = W.data(), gyd = gy.data();
        int xo = X.offset(), wo = W.offset(), gyo = gy.offset();
        Parallel.forEach(c, ch -> {
            int wp = ch * kh * kw;
            float[] acc = wantW ? new float[kh * kw * ow] : null; // per tap, per output column
            for (int i = 0; i < n; i++) {
                int xp = xo + (i * c + ch) * h * w, gp = gyo + (i * c + ch) * oh * ow, gxp = (i * c + ch) * h * w;
                for (int ki = 0; ki < kh; ki++) {
                    for (int kj = 0; kj < kw; kj++) {
                        int tap = ki * kw + kj;
                        int colOff = kj * g.dilationW() - g.padW();
                        int x0 = firstValid(colOff, sw), x1 = endValid(colOff, sw, w, ow);
                        if (x1 <= x0) continue;
                        float wv = wd[wo + wp + tap];
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * sh - g.padH() + ki * g.dilationH();
                            if (iy < 0 || iy >= h) continue;
                            int row = iy * w + colOff, grow = gp + oy * ow;
                            if (wantW) accumulateProducts(acc, tap * ow + x0, gyd, grow + x0, xd, xp + row + x0 * sw, sw, x1 - x0);
                            if (wantX) scatterAxpy(wv, gyd, grow + x0, gx.data(), gxp + row + x0 * sw, sw, x1 - x0);
                        }
                    }
                }
            }
            if (wantW) {
                for (int tap = 0; tap < kh * kw; tap++) {
                    float s = 0f;
                    for (int j = 0; j < ow; j++) s += acc[tap * ow + j];
                    gw.data()[wp + tap] = s;
                }
            }
        });
        return new Tensor[] {gx, gw};
    }
}
