package dev.shears.autograd.ops;

import dev.shears.tensor.Parallel;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.conv.ConvGeometry;
import dev.shears.tensor.conv.PaddedPlanes;
import dev.shears.tensor.kernels.Kernels;
import dev.shears.tensor.kernels.KernelProvider;

/**
 * Depthwise convolution as long axpys over a stack of zero-padded planes, at stride 1; a stride-2
 * convolution is the stride-1 one sampled at every other row and column (MobileNet's downsampling layers).
 *
 * <p>For one channel, the planes of k consecutive images are stacked into one tall zero-padded plane of
 * width {@code Wp = W + 2·padW} and height {@code k·Hp} ({@code Hp = H + 2·padH}; k chosen so a stack holds
 * about {@value #STACK_FLOATS} floats), and the output is computed in that same row width: kernel tap
 * (ki, kj) is then one contiguous axpy of length {@code (k·Hp − dilH·(kh − 1))·Wp} from offset
 * {@code ki·dilH·Wp + kj·dilW}. Output positions whose column
 * is ≥ outW, or whose row falls in the gap between two images, are scratch and dropped. Taps go four per
 * pass ({@code axpy4}, bitwise four axpys), so a 3×3 layer costs three long vector passes per stack, whatever
 * the feature-map size — which matters for MobileNet's 4×4 and 2×2 maps, where per-row loops would be mostly
 * overhead.
 *
 * <p>Backward uses the same layout: ∂w[tap] is one dot product of the output gradient (stacked, zeros in the
 * dropped positions) with the shifted input stack; ∂x gathers, four taps per pass, from that stack shifted
 * back by each tap's offset into a stack that is then cropped. Forward tasks are (channel, stack) pairs;
 * backward tasks are channels, each summing its stacks in order; so results do not depend on the thread
 * count.
 *
 * <p>Strides: the forward computes the stride-1 output and keeps every {@code sh}-th row and {@code sw}-th
 * column; the backward spreads gy to those positions with zeros between. Each output, and each input
 * gradient, is then the same sequence of additions in tap order as in the strided loops of
 * {@link DepthwiseConv2d} (the skipped positions add {@code w·0}, which changes nothing for finite weights),
 * at four times the arithmetic but in long vector passes instead of short strided rows: MobileNet's three
 * stride-2 depthwise layers cost as much as its ten stride-1 ones in those loops. Used by
 * {@link DepthwiseConv2d} for strides up to 2.
 */
final class DepthwiseStacked {

    private static final Kernels K = KernelProvider.get();

    private DepthwiseStacked() {}

    /**
     * Floats of padded plane per stack (at least one plane): small planes are stacked into long vector calls,
     * while a stack stays about 8 KB so the nine passes over its buffers run in the L1 cache.
     */
    static final int STACK_FLOATS = 2048;

    /** Stack geometry: {@code per} images of one channel per stack. */
    private record Layout(int n, int c, int h, int w, int hp, int wp, int padH, int padW, int oh, int ow, int sh, int sw,
                          int reach, int slack, int per, int[] tapOffsets) {
        static Layout of(int n, ConvGeometry g) {
            int hp = g.height() + 2 * g.padH(), wp = g.width() + 2 * g.padW();
            int[] taps = new int[g.kernelH() * g.kernelW()];
            for (int ki = 0; ki < g.kernelH(); ki++) {
                for (int kj = 0; kj < g.kernelW(); kj++) taps[ki * g.kernelW() + kj] = ki * g.dilationH() * wp + kj * g.dilationW();
            }
            int per = Math.max(1, Math.min(n, STACK_FLOATS / (hp * wp)));
            return new Layout(n, g.channels(), g.height(), g.width(), hp, wp, g.padH(), g.padW(), g.outHeight(), g.outWidth(),
                    g.strideH(), g.strideW(), g.dilationH() * (g.kernelH() - 1), (g.kernelW() - 1) * g.dilationW(), per, taps);
        }

        int stacks() { return (n + per - 1) / per; }

        int first(int s) { return s * per; }

        int count(int s) { return Math.min(per, n - s * per); }

        /** Buffer length of a stack of k images: the last tap reads up to k·hp·wp + slack − 1. */
        int stackLength(int k) { return k * hp * wp + slack; }

        /** Length of the flat output of a stack of k images (rows past the last image's output dropped). */
        int flat(int k) { return (k * hp - reach) * wp; }

        /** Stacks channel ch of images [i0, i0 + k) of src ([N, C, H, W] at off) into the buffer, zeros in the padding. */
        void stackInput(float[] src, int off, int ch, int i0, int k, float[] dst) {
            PaddedPlanes.copy(src, off + (i0 * c + ch) * h * w, c * h * w, k, h, w, padH, padW, dst, stackLength(k));
        }

        /** Index in the flat (stride-1) output of output row oy, column 0, of the stack's j-th image. */
        int outRow(int j, int oy) { return (j * hp + oy * sh) * wp; }
    }

    /** x: [N, C, H, W], w: [C, 1, kh, kw], bias: [C] or null → y: [N, C, outH, outW]. */
    static Tensor forward(Tensor X, Tensor W, Tensor bias, ConvGeometry g) {
        Layout l = Layout.of(X.dim(0), g);
        int taps = l.tapOffsets().length, stacks = l.stacks();
        Tensor y = Tensor.empty(l.n(), l.c(), l.oh(), l.ow()); // every row of every plane is written
        float[] xd = X.data(), wd = W.data(), yd = y.data();
        Parallel.forEach(l.c() * stacks, task -> { // task = (channel, stack)
            int ch = task / stacks, s = task % stacks, i0 = l.first(s), k = l.count(s), flat = l.flat(k);
            float[] xs = Scratch.get(Scratch.COLS, l.stackLength(k));
            float[] out = Scratch.get(Scratch.OUT, flat);
            l.stackInput(xd, X.offset(), ch, i0, k, xs);
            java.util.Arrays.fill(out, 0, flat, bias == null ? 0f : bias.data()[bias.offset() + ch]);
            int[] off = l.tapOffsets();
            int wt = W.offset() + ch * taps, t = 0;
            for (; t + 4 <= taps; t += 4) { // four taps per pass over out: bitwise the same as four axpys
                K.axpy4(wd[wt + t], wd[wt + t + 1], wd[wt + t + 2], wd[wt + t + 3], xs, off[t], off[t + 1], off[t + 2], off[t + 3], out, 0, flat);
            }
            for (; t < taps; t++) K.axpy(wd[wt + t], xs, off[t], out, 0, flat);
            for (int j = 0; j < k; j++) { // keep every sh-th row and sw-th column of the stride-1 output
                int yp = ((i0 + j) * l.c() + ch) * l.oh() * l.ow();
                for (int oy = 0; oy < l.oh(); oy++) {
                    int src = l.outRow(j, oy), dst = yp + oy * l.ow();
                    if (l.sw() == 1) System.arraycopy(out, src, yd, dst, l.ow());
                    else for (int ox = 0; ox < l.ow(); ox++) yd[dst + ox] = out[src + ox * l.sw()];
                }
            }
        });
        return y;
    }

    /** {∂x, ∂w} for gy: [N, C, outH, outW] (null where not wanted). */
    static Tensor[] backward(Tensor X, Tensor W, Tensor gy, ConvGeometry g, boolean wantX, boolean wantW) {
        Layout l = Layout.of(X.dim(0), g);
        int taps = l.tapOffsets().length;
        Tensor gx = wantX ? Tensor.empty(X.shape()) : null; // every row of every plane is written
        Tensor gw = wantW ? Tensor.zeros(W.shape()) : null;
        float[] xd = X.data(), wd = W.data(), gyd = gy.data();
        int[] off = l.tapOffsets();
        int front = off[taps - 1]; // zeros before the output gradient, so every tap's gather stays in the buffer
        Parallel.forEach(l.c(), ch -> {
            double[] acc = new double[taps];
            float[] dots = new float[4];
            for (int s = 0; s < l.stacks(); s++) { // in order: the weight-gradient sum is fixed
                int i0 = l.first(s), k = l.count(s), flat = l.flat(k), len = l.stackLength(k);
                // the output gradient in the stacked layout at [front, front + flat), zeros around it and in
                // the dropped positions
                float[] gs = Scratch.get(Scratch.OUT, front + len);
                java.util.Arrays.fill(gs, 0, front + len, 0f);
                for (int j = 0; j < k; j++) { // strided: gy spread to every sh-th row and sw-th column, zeros between
                    int gp = gy.offset() + ((i0 + j) * l.c() + ch) * l.oh() * l.ow();
                    for (int oy = 0; oy < l.oh(); oy++) {
                        int src = gp + oy * l.ow(), dst = front + l.outRow(j, oy);
                        if (l.sw() == 1) System.arraycopy(gyd, src, gs, dst, l.ow());
                        else for (int ox = 0; ox < l.ow(); ox++) gs[dst + ox * l.sw()] = gyd[src + ox];
                    }
                }
                if (wantW) {
                    float[] xs = Scratch.get(Scratch.COLS, len);
                    l.stackInput(xd, X.offset(), ch, i0, k, xs);
                    int t = 0;
                    for (; t + 4 <= taps; t += 4) { // four taps per pass over gs: bitwise four dots
                        K.dot4(gs, front, xs, off[t], off[t + 1], off[t + 2], off[t + 3], flat, dots, 0);
                        for (int u = 0; u < 4; u++) acc[t + u] += dots[u];
                    }
                    for (; t < taps; t++) acc[t] += K.dot(gs, front, xs, off[t], flat);
                }
                if (wantX) {
                    // ∂xs[q] = Σ_t w_t·gs[q − off_t], gathered taps in order, four per pass over ∂xs. Positions
                    // a tap does not reach read zeros, and adding w·0 = ±0 to a sum that started at +0 changes
                    // nothing (finite weights): bitwise the scatter ∂xs[off_t + i] += w_t·gs[i] tap after tap.
                    float[] gxs = Scratch.get(Scratch.DCOLS, len);
                    java.util.Arrays.fill(gxs, 0, len, 0f);
                    int wt = W.offset() + ch * taps, t = 0;
                    for (; t + 4 <= taps; t += 4) {
                        K.axpy4(wd[wt + t], wd[wt + t + 1], wd[wt + t + 2], wd[wt + t + 3], gs, front - off[t], front - off[t + 1],
                                front - off[t + 2], front - off[t + 3], gxs, 0, len);
                    }
                    for (; t < taps; t++) K.axpy(wd[wt + t], gs, front - off[t], gxs, 0, len);
                    float[] d = gx.data();
                    for (int j = 0; j < k; j++) {
                        int plane = ((i0 + j) * l.c() + ch) * l.h() * l.w(), top = (j * l.hp() + l.padH()) * l.wp() + l.padW();
                        for (int y = 0; y < l.h(); y++) System.arraycopy(gxs, top + y * l.wp(), d, plane + y * l.w(), l.w());
                    }
                }
            }
            if (wantW) for (int t = 0; t < taps; t++) gw.data()[ch * taps + t] = (float) acc[t];
        });
        return new Tensor[] {gx, gw};
    }
}
