package dev.shears.autograd.ops;

import dev.shears.tensor.Parallel;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.conv.ConvGeometry;
import dev.shears.tensor.kernels.Kernels;
import dev.shears.tensor.kernels.KernelProvider;

/**
 * Depthwise convolution with stride 1 as whole-plane axpys: each channel plane is copied once into a
 * zero-padded plane of width {@code Wp = W + 2·padW}, and the output is computed in that same row width, so
 * kernel tap (ki, kj) becomes one contiguous axpy of length {@code outH·Wp} from offset
 * {@code ki·dilH·Wp + kj·dilW} (columns ≥ outW are scratch and dropped). Nine long vector calls per 3×3
 * plane replace many short row loops, which matters for MobileNet's small feature maps. The backward pass
 * uses the same trick: ∂x accumulates tap axpys into a padded plane that is then cropped; ∂w[tap] sums the
 * products of the output gradient laid out in padded width (zeros in the dropped columns) with the shifted
 * padded input, accumulated element-wise over the images and reduced once per channel.
 *
 * <p>Forward tasks are images; backward tasks are channels, each summing its images in order, so results
 * do not depend on the thread count. Used by {@link DepthwiseConv2d} when both strides are 1.
 */
final class DepthwiseStride1 {

    private static final Kernels K = KernelProvider.get();

    private DepthwiseStride1() {}

    /** Plane geometry in padded width. */
    private record Layout(int h, int w, int oh, int ow, int wp, int padded, int flat, int[] tapOffsets) {
        static Layout of(ConvGeometry g) {
            int hp = g.height() + 2 * g.padH(), wp = g.width() + 2 * g.padW();
            int oh = g.outHeight(), ow = g.outWidth();
            int[] taps = new int[g.kernelH() * g.kernelW()];
            for (int ki = 0; ki < g.kernelH(); ki++) {
                for (int kj = 0; kj < g.kernelW(); kj++) taps[ki * g.kernelW() + kj] = ki * g.dilationH() * wp + kj * g.dilationW();
            }
            // the last tap reads up to hp·wp + (kw − 1)·dilW − 1
            int padded = hp * wp + (g.kernelW() - 1) * g.dilationW();
            return new Layout(g.height(), g.width(), oh, ow, wp, padded, oh * wp, taps);
        }

        /** Copies plane {@code src} (h×w at off) into the zeroed padded buffer. */
        void pad(float[] src, int off, ConvGeometry g, float[] dst) {
            java.util.Arrays.fill(dst, 0, padded, 0f);
            for (int y = 0; y < h; y++) System.arraycopy(src, off + y * w, dst, (y + g.padH()) * wp + g.padW(), w);
        }
    }

    /** x: [N, C, H, W], w: [C, 1, kh, kw], bias: [C] or null → y: [N, C, outH, outW]. */
    static Tensor forward(Tensor X, Tensor W, Tensor bias, ConvGeometry g) {
        int n = X.dim(0), c = g.channels();
        Layout l = Layout.of(g);
        int taps = l.tapOffsets().length;
        Tensor y = Tensor.zeros(n, c, l.oh(), l.ow());
        float[] xd = X.data(), wd = W.data(), yd = y.data();
        int xo = X.offset(), wo = W.offset();
        Parallel.forEach(n, i -> {
            float[] xp = Scratch.get(Scratch.COLS, l.padded());
            float[] out = Scratch.get(Scratch.OUT, l.flat());
            for (int ch = 0; ch < c; ch++) {
                l.pad(xd, xo + (i * c + ch) * l.h() * l.w(), g, xp);
                java.util.Arrays.fill(out, 0, l.flat(), bias == null ? 0f : bias.data()[bias.offset() + ch]);
                for (int t = 0; t < taps; t++) K.axpy(wd[wo + ch * taps + t], xp, l.tapOffsets()[t], out, 0, l.flat());
                int yp = (i * c + ch) * l.oh() * l.ow();
                for (int oy = 0; oy < l.oh(); oy++) System.arraycopy(out, oy * l.wp(), yd, yp + oy * l.ow(), l.ow());
            }
        });
        return y;
    }

    /** {∂x, ∂w} for gy: [N, C, outH, outW] (null where not wanted). */
    static Tensor[] backward(Tensor X, Tensor W, Tensor gy, ConvGeometry g, boolean wantX, boolean wantW) {
        int n = X.dim(0), c = g.channels();
        Layout l = Layout.of(g);
        int taps = l.tapOffsets().length;
        Tensor gx = wantX ? Tensor.zeros(X.shape()) : null;
        Tensor gw = wantW ? Tensor.zeros(W.shape()) : null;
        float[] xd = X.data(), wd = W.data(), gyd = gy.data();
        int xo = X.offset(), wo = W.offset(), gyo = gy.offset();
        Parallel.forEach(c, ch -> {
            float[] xp = wantW ? Scratch.get(Scratch.COLS, l.padded()) : null;
            float[] gflat = Scratch.get(Scratch.OUT, l.flat());
            float[] gxp = wantX ? Scratch.get(Scratch.DCOLS, l.padded()) : null;
            // per tap, products accumulated element-wise and reduced once per channel (no per-plane reductions)
            int flat = l.flat();
            float[] acc = wantW ? Scratch.get(Scratch.IMAGE, taps * flat) : null;
            if (wantW) java.util.Arrays.fill(acc, 0, taps * flat, 0f);
            for (int i = 0; i < n; i++) {
                // gy plane in padded width, zeros in the dropped columns
                java.util.Arrays.fill(gflat, 0, l.flat(), 0f);
                int gp = gyo + (i * c + ch) * l.oh() * l.ow();
                for (int oy = 0; oy < l.oh(); oy++) System.arraycopy(gyd, gp + oy * l.ow(), gflat, oy * l.wp(), l.ow());
                int plane = (i * c + ch) * l.h() * l.w();
                if (wantW) {
                    l.pad(xd, xo + plane, g, xp);
                    for (int t = 0; t < taps; t++) {
                        int src = l.tapOffsets()[t], dst = t * flat;
                        for (int j = 0; j < flat; j++) acc[dst + j] += gflat[j] * xp[src + j];
                    }
                }
                if (wantX) {
                    java.util.Arrays.fill(gxp, 0, l.padded(), 0f);
                    for (int t = 0; t < taps; t++) K.axpy(wd[wo + ch * taps + t], gflat, 0, gxp, l.tapOffsets()[t], l.flat());
                    float[] d = gx.data();
                    for (int y = 0; y < l.h(); y++) {
                        System.arraycopy(gxp, (y + g.padH()) * l.wp() + g.padW(), d, plane + y * l.w(), l.w());
                    }
                }
            }
            if (wantW) {
                for (int t = 0; t < taps; t++) {
                    double sum = 0;
                    for (int j = t * flat, end = j + flat; j < end; j++) sum += acc[j];
                    gw.data()[ch * taps + t] = (float) sum;
                }
            }
        });
        return new Tensor[] {gx, gw};
    }
}
