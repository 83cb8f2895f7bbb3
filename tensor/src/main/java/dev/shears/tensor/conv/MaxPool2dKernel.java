package dev.shears.tensor.conv;

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

    private MaxPool2dKernel() {}

    /**
     * x: [C, H, W] at {@code xOff} → y: [C, outH, outW] at {@code yOff}, argmax: same layout at {@code argOff}.
     * Uses the kernel, stride, padding and dilation of {@code g} ({@code groups} is ignored).
     */
    public static void forward(float[] x, int xOff, ConvGeometry g, float[] y, int yOff, int[] argmax, int argOff) {
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
