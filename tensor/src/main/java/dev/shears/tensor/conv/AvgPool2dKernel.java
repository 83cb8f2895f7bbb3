package dev.shears.tensor.conv;

/**
 * 2-D average pooling of one image with PyTorch's {@code avg_pool2d} semantics (floor mode, no dilation):
 * the window is clipped to the image, and the divisor is the full window size {@code kh·kw} when
 * {@code countIncludePad} (PyTorch's default: padded zeros count) or the number of in-image taps otherwise.
 * The backward pass spreads each output gradient evenly (by the same divisor) over its window: the adjoint.
 */
public final class AvgPool2dKernel {

    private AvgPool2dKernel() {}

    /** x: [C, H, W] at {@code xOff} → y: [C, outH, outW] at {@code yOff}. {@code g} must have dilation 1. */
    public static void forward(float[] x, int xOff, ConvGeometry g, boolean countIncludePad, float[] y, int yOff) {
        checkDilation(g);
        int h = g.height(), w = g.width(), oh = g.outHeight(), ow = g.outWidth();
        for (int c = 0; c < g.channels(); c++) {
            int plane = xOff + c * h * w;
            int out = yOff + c * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                int y0 = oy * g.strideH() - g.padH(), y1 = Math.min(y0 + g.kernelH(), h);
                int ys = Math.max(y0, 0);
                for (int ox = 0; ox < ow; ox++, out++) {
                    int x0 = ox * g.strideW() - g.padW(), x1 = Math.min(x0 + g.kernelW(), w);
                    int xs = Math.max(x0, 0);
                    float s = 0f;
                    for (int iy = ys; iy < y1; iy++) {
                        for (int ix = xs; ix < x1; ix++) s += x[plane + iy * w + ix];
                    }
                    y[out] = s / divisor(g, countIncludePad, ys, y1, xs, x1);
                }
            }
        }
    }

    /** gx[C, H, W] at {@code gxOff} += adjoint of the forward pass applied to gy[C, outH, outW]. */
    public static void backward(float[] gy, int gyOff, ConvGeometry g, boolean countIncludePad, float[] gx, int gxOff) {
        checkDilation(g);
        int h = g.height(), w = g.width(), oh = g.outHeight(), ow = g.outWidth();
        for (int c = 0; c < g.channels(); c++) {
            int plane = gxOff + c * h * w;
            int out = gyOff + c * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                int y0 = oy * g.strideH() - g.padH(), y1 = Math.min(y0 + g.kernelH(), h);
                int ys = Math.max(y0, 0);
                for (int ox = 0; ox < ow; ox++, out++) {
                    int x0 = ox * g.strideW() - g.padW(), x1 = Math.min(x0 + g.kernelW(), w);
                    int xs = Math.max(x0, 0);
                    float v = gy[out] / divisor(g, countIncludePad, ys, y1, xs, x1);
                    for (int iy = ys; iy < y1; iy++) {
                        for (int ix = xs; ix < x1; ix++) gx[plane + iy * w + ix] += v;
                    }
                }
            }
        }
    }

    private static float divisor(ConvGeometry g, boolean countIncludePad, int ys, int y1, int xs, int x1) {
        // in floor mode a window never reaches past the padded border, so the padded window is kh·kw
        return countIncludePad ? g.kernelH() * g.kernelW() : (y1 - ys) * (x1 - xs);
    }

    private static void checkDilation(ConvGeometry g) {
        if (g.dilationH() != 1 || g.dilationW() != 1) throw new IllegalArgumentException("avg pool: dilation must be 1 in " + g);
    }
}
