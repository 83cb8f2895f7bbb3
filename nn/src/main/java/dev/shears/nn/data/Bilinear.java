package dev.shears.nn.data;

/**
 * Bilinear resampling of image planes with PyTorch's {@code interpolate(mode="bilinear",
 * align_corners=False)} convention (no antialiasing): output pixel {@code j} samples the input at
 * {@code (j + 0.5) * in/out - 0.5}, clamped below at 0, between the two nearest input pixels (the last one
 * repeated at the border). Without antialiasing, strong downscaling aliases; the datasets Shears resizes
 * (Caltech101 to CNN input sizes) are downscaled by small factors, where this is the common choice.
 */
public final class Bilinear {

    private Bilinear() {}

    /** Resizes {@code planes} planes of [inH, inW] at {@code src[srcOff..]} into [outH, outW] planes at {@code dst[dstOff..]}. */
    public static void resize(float[] src, int srcOff, int planes, int inH, int inW, float[] dst, int dstOff, int outH, int outW) {
        int[] x0 = new int[outW], x1 = new int[outW];
        float[] lx = new float[outW];
        axis(inW, outW, x0, x1, lx);
        int[] y0 = new int[outH], y1 = new int[outH];
        float[] ly = new float[outH];
        axis(inH, outH, y0, y1, ly);
        for (int p = 0; p < planes; p++) {
            int s = srcOff + p * inH * inW, d = dstOff + p * outH * outW;
            for (int y = 0; y < outH; y++) {
                int r0 = s + y0[y] * inW, r1 = s + y1[y] * inW;
                float wy = ly[y];
                for (int x = 0; x < outW; x++) {
                    float top = src[r0 + x0[x]] * (1 - lx[x]) + src[r0 + x1[x]] * lx[x];
                    float bottom = src[r1 + x0[x]] * (1 - lx[x]) + src[r1 + x1[x]] * lx[x];
                    dst[d + y * outW + x] = top * (1 - wy) + bottom * wy;
                }
            }
        }
    }

    private static void axis(int in, int out, int[] i0, int[] i1, float[] frac) {
        float scale = (float) in / out;
        for (int j = 0; j < out; j++) {
            float s = Math.max(0f, (j + 0.5f) * scale - 0.5f);
            int a = Math.min((int) s, in - 1);
            i0[j] = a;
            i1[j] = Math.min(a + 1, in - 1);
            frac[j] = Math.min(s - a, 1f);
        }
    }
}
