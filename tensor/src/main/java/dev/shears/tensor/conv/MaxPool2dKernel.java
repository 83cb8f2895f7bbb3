package dev.shears.tensor.conv;

import dev.shears.tensor.kernels.KernelProvider;

/**
 * 2-D max pooling of one image, with PyTorch's {@code max_pool2d} semantics (floor mode): padded positions
 * never win (they act as −∞), dilation spaces the window taps, ties keep the first tap in row-major window
 * order, and NaN wins (propagates) as in PyTorch. A window with no tap inside the image (possible only with
 * dilation) outputs −∞, records index −1 and passes no gradient.
 *
 * <p>The forward pass records, per output, the flat index {@code iy·W + ix} of the winning input inside its
 * channel plane (PyTorch's {@code return_indices}); the backward pass scatter-adds the output gradient to
 * those positions, which is the exact adjoint.
 */
public final class MaxPool2dKernel {

    private static final MaxPool2x2Windows POOL = KernelProvider.vectorOr(
            "dev.shears.tensor.conv.VectorMaxPool2x2Windows", MaxPool2x2Windows.class, new ScalarMaxPool2x2Windows());

    private MaxPool2dKernel() {}

    /**
     * x: [C, H, W] at {@code xOff} → y: [C, outH, outW] at {@code yOff}, argmax: same layout at {@code argOff}.
     * Uses the kernel, stride, padding and dilation of {@code g} ({@code groups} is ignored). The common
     * 2×2, stride-2, unpadded window (VGG's) runs on a specialised loop with the same results.
     */
    public static void forward(float[] x, int xOff, ConvGeometry g, float[] y, int yOff, int[] argmax, int argOff) {
        if (isPlain2x2(g)) {
            forward2x2(x, xOff, g, y, yOff, argmax, argOff);
        } else {
            forwardGeneral(x, xOff, g, y, yOff, argmax, argOff);
        }
    }

    static boolean isPlain2x2(ConvGeometry g) {
        return g.kernelH() == 2 && g.kernelW() == 2 && g.strideH() == 2 && g.strideW() == 2
                && g.padH() == 0 && g.padW() == 0 && g.dilationH() == 1 && g.dilationW() == 1;
    }

    /** The reference: any window, every tap bounds-checked. */
    static void forwardGeneral(float[] x, int xOff, ConvGeometry g, float[] y, int yOff, int[] argmax, int argOff) {
        int h = g.height(), w = g.width(), oh = g.outHeight(), ow = g.outWidth();
        for (int c = 0; c < g.channels(); c++) {
            int plane = xOff + c * h * w;
            int out = c * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++, out++) {
                    float best = Float.NEGATIVE_INFINITY;
                    int bestIdx = -1;
                    for (int ki = 0; ki < g.kernelH(); ki++) {
                        int iy = oy * g.strideH() - g.padH() + ki * g.dilationH();
                        if (iy < 0 || iy >= h) continue;
                        for (int kj = 0; kj < g.kernelW(); kj++) {
                            int ix = ox * g.strideW() - g.padW() + kj * g.dilationW();
                            if (ix < 0 || ix >= w) continue;
                            float v = x[plane + iy * w + ix];
                            if (bestIdx < 0 || v > best || (v != v && best == best)) {
                                best = v;
                                bestIdx = iy * w + ix;
                            }
                        }
                    }
                    y[yOff + out] = best;
                    argmax[argOff + out] = bestIdx;
                }
            }
        }
    }

    /**
     * 2×2 windows at stride 2 without padding: every tap is inside, so the image's windows are listed once
     * per geometry (top-left tap, in-plane index) and handed to {@link MaxPool2x2Windows} in one call.
     */
    static void forward2x2(float[] x, int xOff, ConvGeometry g, float[] y, int yOff, int[] argmax, int argOff) {
        WindowList l = WINDOWS.get();
        if (!g.equals(l.geometry)) WINDOWS.set(l = WindowList.of(g));
        POOL.pool(x, xOff, g.width(), l.at, l.inPlane, 0, l.at.length, y, yOff, argmax, argOff);
    }

    /** The windows of one image in output order: top-left tap (image index) and its index in its plane. */
    private record WindowList(ConvGeometry geometry, int[] at, int[] inPlane) {
        static WindowList of(ConvGeometry g) {
            int h = g.height(), w = g.width(), oh = g.outHeight(), ow = g.outWidth(), n = g.channels() * oh * ow;
            int[] at = new int[n], inPlane = new int[n];
            for (int c = 0, i = 0; c < g.channels(); c++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++, i++) {
                        inPlane[i] = 2 * oy * w + 2 * ox;
                        at[i] = c * h * w + inPlane[i];
                    }
                }
            }
            return new WindowList(g, at, inPlane);
        }
    }

    /** The last geometry's window list, per thread (a layer pools every image of a batch with one geometry). */
    private static final ThreadLocal<WindowList> WINDOWS = ThreadLocal.withInitial(() -> new WindowList(null, new int[0], new int[0]));

    /** gx[C, H, W] at {@code gxOff} += scatter of gy[C, outH, outW] to the recorded argmax positions. */
    public static void backward(float[] gy, int gyOff, int[] argmax, int argOff, ConvGeometry g, float[] gx, int gxOff) {
        int hw = g.height() * g.width(), plane = g.outHeight() * g.outWidth();
        for (int c = 0; c < g.channels(); c++) {
            int base = gxOff + c * hw;
            for (int i = c * plane, end = i + plane; i < end; i++) {
                int a = argmax[argOff + i];
                if (a >= 0) gx[base + a] += gy[gyOff + i];
            }
        }
    }
}
