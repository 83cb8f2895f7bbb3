package dev.shears.tensor.conv;

/**
 * Adaptive average pooling of one image to a fixed output size, with PyTorch's window bounds: output cell
 * {@code i} of {@code out} over an input of size {@code in} averages input rows
 * {@code [floor(i·in/out), ceil((i+1)·in/out))}. Windows may overlap when {@code in} is not a multiple of
 * {@code out}; the backward pass is the adjoint (each window's gradient spread evenly over it).
 */
public final class AdaptiveAvgPool2dKernel {

    private AdaptiveAvgPool2dKernel() {}

    static int start(int i, int in, int out) { return (int) ((long) i * in / out); }

    static int end(int i, int in, int out) { return (int) (((long) (i + 1) * in + out - 1) / out); }

    /** x: [C, H, W] at {@code xOff} → y: [C, outH, outW] at {@code yOff}. */
    public static void forward(float[] x, int xOff, int channels, int h, int w, int outH, int outW, float[] y, int yOff) {
        for (int c = 0; c < channels; c++) {
            int plane = xOff + c * h * w;
            int out = yOff + c * outH * outW;
            for (int oy = 0; oy < outH; oy++) {
                int y0 = start(oy, h, outH), y1 = end(oy, h, outH);
                for (int ox = 0; ox < outW; ox++, out++) {
                    int x0 = start(ox, w, outW), x1 = end(ox, w, outW);
                    float s = 0f;
                    for (int iy = y0; iy < y1; iy++) {
                        for (int ix = x0; ix < x1; ix++) s += x[plane + iy * w + ix];
                    }
                    y[out] = s / ((y1 - y0) * (x1 - x0));
                }
            }
        }
    }

    /** gx[C, H, W] at {@code gxOff} += adjoint of the forward pass applied to gy[C, outH, outW]. */
    public static void backward(float[] gy, int gyOff, int channels, int h, int w, int outH, int outW, float[] gx, int gxOff) {
        for (int c = 0; c < channels; c++) {
            int plane = gxOff + c * h * w;
            int out = gyOff + c * outH * outW;
            for (int oy = 0; oy < outH; oy++) {
                int y0 = start(oy, h, outH), y1 = end(oy, h, outH);
                for (int ox = 0; ox < outW; ox++, out++) {
                    int x0 = start(ox, w, outW), x1 = end(ox, w, outW);
                    float v = gy[out] / ((y1 - y0) * (x1 - x0));
                    for (int iy = y0; iy < y1; iy++) {
                        for (int ix = x0; ix < x1; ix++) gx[plane + iy * w + ix] += v;
                    }
                }
            }
        }
    }
}
