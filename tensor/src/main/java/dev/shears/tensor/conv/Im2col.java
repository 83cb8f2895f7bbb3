package dev.shears.tensor.conv;

/**
 * im2col and its adjoint col2im for one image.
 *
 * <p>For group {@code g}, {@code im2col} writes the column matrix {@code cols: [cg·kh·kw, outH·outW]}
 * (row r = (c, i, j) with c the channel inside the group, i/j the kernel offsets; column = output pixel),
 * so that a convolution is {@code out_g [oc/groups, outH·outW] = W_g [oc/groups, cg·kh·kw] × cols}.
 * Padded positions read as 0. {@code col2im} is the exact adjoint: it scatter-adds a column matrix back
 * into the image, which is what the input gradient needs.
 */
public final class Im2col {

    private Im2col() {}

    /**
     * x: [C, H, W] at {@code xOff}; cols: [cg·kh·kw, outH·outW] at {@code colsOff} for group {@code group}.
     */
    public static void im2col(float[] x, int xOff, ConvGeometry g, int group, float[] cols, int colsOff) {
        checkArgs("im2col", x, xOff, g, group, cols, colsOff);
        int oh = g.outHeight(), ow = g.outWidth(), h = g.height(), w = g.width();
        int cg = g.groupChannels();
        int plane = oh * ow;
        int row = 0;
        for (int c = 0; c < cg; c++) {
            int chanOff = xOff + (group * cg + c) * h * w;
            for (int ki = 0; ki < g.kernelH(); ki++) {
                for (int kj = 0; kj < g.kernelW(); kj++, row++) {
                    int dst = colsOff + row * plane;
                    int dy = ki * g.dilationH() - g.padH(), dx = kj * g.dilationW() - g.padW();
                    for (int y = 0; y < oh; y++) {
                        int iy = y * g.strideH() + dy;
                        int d = dst + y * ow;
                        if (iy < 0 || iy >= h) {
                            java.util.Arrays.fill(cols, d, d + ow, 0f);
                            continue;
                        }
                        int src = chanOff + iy * w;
                        if (g.strideW() == 1) {
                            // contiguous run: output columns [x0, x1) read inside the row; padding wider than
                            // the output row can push x0 past ow, so clamp both ends to [0, ow]
                            int x0 = Math.min(ow, Math.max(0, -dx)), x1 = Math.max(x0, Math.min(ow, w - dx));
                            java.util.Arrays.fill(cols, d, d + x0, 0f);
                            if (x1 > x0) System.arraycopy(x, src + x0 + dx, cols, d + x0, x1 - x0);
                            java.util.Arrays.fill(cols, d + x1, d + ow, 0f);
                        } else {
                            for (int xx = 0; xx < ow; xx++) {
                                int ix = xx * g.strideW() + dx;
                                cols[d + xx] = ix >= 0 && ix < w ? x[src + ix] : 0f;
                            }
                        }
                    }
                }
            }
        }
    }

    /** Adjoint of {@link #im2col}: {@code dx[C, H, W] += col2im(cols)} for group {@code group}. */
    public static void col2im(float[] cols, int colsOff, ConvGeometry g, int group, float[] dx, int dxOff) {
        checkArgs("col2im", dx, dxOff, g, group, cols, colsOff);
        int oh = g.outHeight(), ow = g.outWidth(), h = g.height(), w = g.width();
        int cg = g.groupChannels();
        int plane = oh * ow;
        int row = 0;
        for (int c = 0; c < cg; c++) {
            int chanOff = dxOff + (group * cg + c) * h * w;
            for (int ki = 0; ki < g.kernelH(); ki++) {
                for (int kj = 0; kj < g.kernelW(); kj++, row++) {
                    int src = colsOff + row * plane;
                    int dy = ki * g.dilationH() - g.padH(), dxo = kj * g.dilationW() - g.padW();
                    for (int y = 0; y < oh; y++) {
                        int iy = y * g.strideH() + dy;
                        if (iy < 0 || iy >= h) continue;
                        int dst = chanOff + iy * w;
                        int s = src + y * ow;
                        for (int xx = 0; xx < ow; xx++) {
                            int ix = xx * g.strideW() + dxo;
                            if (ix >= 0 && ix < w) dx[dst + ix] += cols[s + xx];
                        }
                    }
                }
            }
        }
    }

    /** The group exists and both the image and the column block fit their arrays. */
    private static void checkArgs(String op, float[] image, int imageOff, ConvGeometry g, int group,
                                  float[] cols, int colsOff) {
        if (group < 0 || group >= g.groups()) {
            throw new IllegalArgumentException(op + ": group " + group + " outside [0, " + g.groups() + ")");
        }
        if (imageOff < 0 || (long) imageOff + g.imageSize() > image.length) {
            throw new IllegalArgumentException(op + ": image of " + g.imageSize() + " floats at offset " + imageOff
                    + " exceeds array of " + image.length);
        }
        long colsSize = (long) g.colRows() * g.colCols();
        if (colsOff < 0 || colsOff + colsSize > cols.length) {
            throw new IllegalArgumentException(op + ": cols of " + colsSize + " floats at offset " + colsOff
                    + " exceeds array of " + cols.length);
        }
    }
}
