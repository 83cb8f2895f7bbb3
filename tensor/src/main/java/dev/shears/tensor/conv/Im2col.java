package dev.shears.tensor.conv;

import dev.shears.tensor.kernels.KernelProvider;
import dev.shears.tensor.kernels.Kernels;

/**
 * im2col and its adjoint col2im for one image.
 *
 * <p>For group {@code g}, {@code im2col} writes the column matrix {@code cols: [cg·kh·kw, outH·outW]}
 * (row r = (c, i, j) with c the channel inside the group, i/j the kernel offsets; column = output pixel),
 * so that a convolution is {@code out_g [oc/groups, outH·outW] = W_g [oc/groups, cg·kh·kw] × cols}.
 * Padded positions read as 0. {@code col2im} is the exact adjoint: it scatter-adds a column matrix back
 * into the image, which is what the input gradient needs.
 *
 * <p>Convolution as "unfold, then matrix multiply" follows Chellapilla, Puri and Simard, <i>High Performance
 * Convolutional Neural Networks for Document Processing</i> (IWFHR 2006), §2; the row order (channel, kernel
 * row, kernel column) matches PyTorch's {@code unfold}, so weights {@code [oc, cg, kh, kw]} multiply it as
 * they are stored. Each output row of the columns is read as one clamped run of the input row, copied (or
 * added, in col2im) with unit stride when the stride is 1; with stride 1 and "same" width, the rows of one
 * tap are a single run of the plane (see {@link #im2colPlaneRuns}). col2im adds into each pixel in the order
 * (channel, kernel row, kernel column, output row), so results do not depend on the backend or the path.
 */
public final class Im2col {

    private static final Kernels K = KernelProvider.get();

    private Im2col() {}

    /**
     * x: [C, H, W] at {@code xOff}; cols: [cg·kh·kw, outH·outW] at {@code colsOff} for group {@code group}.
     */
    public static void im2col(float[] x, int xOff, ConvGeometry g, int group, float[] cols, int colsOff) {
        im2col(x, xOff, g, group, cols, colsOff, g.colCols());
    }

    /**
     * {@link #im2col} into rows {@code ld} apart ({@code ld ≥ outH·outW}), so the column matrices of several
     * images can sit side by side in one wider matrix without a copy.
     */
    public static void im2col(float[] x, int xOff, ConvGeometry g, int group, float[] cols, int colsOff, int ld) {
        checkArgs("im2col", x, xOff, g, group, cols, colsOff, ld);
        if (isSameWidthStride1(g)) {
            im2colPlaneRuns(x, xOff, g, group, cols, colsOff, ld);
        } else {
            im2colRows(x, xOff, g, group, cols, colsOff, ld);
        }
    }

    /**
     * Planes of at most this many outputs (4×4 and smaller) are better written by {@link #im2colTinyBlock}.
     */
    public static final int TINY_PLANE = 16;

    /**
     * Rows {@code [c0·kh·kw, c1·kh·kw)} (channels c0 to c1 of the group) of the column matrix of {@code b}
     * consecutive images laid side by side, {@code [cg·kh·kw, b·P]} with row stride {@code ld}, image j in
     * columns {@code [j·P, (j + 1)·P)}: the matrix {@link #im2col} writes image by image, written here row by
     * row, element by element. For tiny planes (VGG's 2×2 and 4×4 maps, 64 and 16 images to a block) image by
     * image writes a few floats into every row of a matrix larger than the L2 cache, and the copy calls of
     * {@link #im2colPlaneRuns} cost more than their handful of values; vgg16's 2×2 layers spent as long in
     * im2col as in their weight-gradient GEMM. Stride-1 same-width geometries only.
     *
     * @throws IllegalArgumentException if the geometry is not stride 1 with same width
     */
    public static void im2colTinyBlock(float[] x, int xOff, int b, ConvGeometry g, int group, int c0, int c1, float[] cols, int ld) {
        if (!isSameWidthStride1(g)) throw new IllegalArgumentException("im2colTinyBlock needs stride 1 and same width: " + g);
        int oh = g.outHeight(), w = g.width(), h = g.height(), cg = g.groupChannels(), plane = oh * w, taps = g.kernelH() * g.kernelW();
        for (int c = c0; c < c1; c++) {
            for (int ki = 0, t = 0; ki < g.kernelH(); ki++) {
                for (int kj = 0; kj < g.kernelW(); kj++, t++) {
                    int dst = (c * taps + t) * ld, sy = ki * g.dilationH() - g.padH(), sx = kj * g.dilationW() - g.padW();
                    for (int j = 0; j < b; j++) {
                        int chanOff = xOff + j * g.imageSize() + (group * cg + c) * h * w, d = dst + j * plane;
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy + sy;
                            boolean rowInside = iy >= 0 && iy < h;
                            for (int ox = 0; ox < w; ox++) {
                                int ix = ox + sx;
                                cols[d + oy * w + ox] = rowInside && ix >= 0 && ix < w ? x[chanOff + iy * w + ix] : 0f;
                            }
                        }
                    }
                }
            }
        }
    }

    /** Stride 1 and an output as wide as the input ("same" padding across): {@link #im2colPlaneRuns} applies. */
    static boolean isSameWidthStride1(ConvGeometry g) {
        return g.strideH() == 1 && g.strideW() == 1 && g.outWidth() == g.width();
    }

    /**
     * im2col for {@link #isSameWidthStride1} geometries. Output row y of tap (ki, kj) reads input row
     * {@code y + sy} from column {@code sx} on, and as the rows have the same width, all the rows inside the
     * image form one run of the plane shifted by {@code sy·W + sx}: one long copy per tap instead of one short
     * copy per row. The copy also carries, at each row's ends, the |sx| values that belong to the neighbouring
     * row (or lie outside the plane, which the copy skips); those are the padding positions, zeroed after.
     */
    static void im2colPlaneRuns(float[] x, int xOff, ConvGeometry g, int group, float[] cols, int colsOff, int ld) {
        int oh = g.outHeight(), w = g.width(), h = g.height(), cg = g.groupChannels(), plane = oh * w;
        int row = 0;
        for (int c = 0; c < cg; c++) {
            int chanOff = xOff + (group * cg + c) * h * w, chanEnd = chanOff + h * w;
            for (int ki = 0; ki < g.kernelH(); ki++) {
                for (int kj = 0; kj < g.kernelW(); kj++, row++) {
                    int dst = colsOff + row * ld;
                    int sy = ki * g.dilationH() - g.padH(), sx = kj * g.dilationW() - g.padW(); // tap offset
                    int y0 = Math.min(oh, Math.max(0, -sy)), y1 = Math.max(y0, Math.min(oh, h - sy)); // rows inside
                    java.util.Arrays.fill(cols, dst, dst + y0 * w, 0f);
                    java.util.Arrays.fill(cols, dst + y1 * w, dst + plane, 0f);
                    if (y1 == y0) continue;
                    int src = chanOff + (y0 + sy) * w + sx, d = dst + y0 * w, len = (y1 - y0) * w;
                    int lo = Math.max(0, chanOff - src), hi = Math.min(len, chanEnd - src); // inside the plane
                    if (hi > lo) System.arraycopy(x, src + lo, cols, d + lo, hi - lo);
                    int x0 = firstInside(sx, 1, w), x1 = endInside(sx, 1, w, w, x0);
                    for (int r = d, end = d + len; r < end; r += w) {
                        for (int xx = 0; xx < x0; xx++) cols[r + xx] = 0f;
                        for (int xx = x1; xx < w; xx++) cols[r + xx] = 0f;
                    }
                }
            }
        }
    }

    /** The reference im2col: one clamped run per output row, any stride, padding and dilation. */
    static void im2colRows(float[] x, int xOff, ConvGeometry g, int group, float[] cols, int colsOff, int ld) {
        int oh = g.outHeight(), ow = g.outWidth(), h = g.height(), w = g.width();
        int cg = g.groupChannels();
        int row = 0;
        for (int c = 0; c < cg; c++) {
            int chanOff = xOff + (group * cg + c) * h * w;
            for (int ki = 0; ki < g.kernelH(); ki++) {
                for (int kj = 0; kj < g.kernelW(); kj++, row++) {
                    int dst = colsOff + row * ld;
                    int sy = ki * g.dilationH() - g.padH(), sx = kj * g.dilationW() - g.padW(); // tap offset
                    for (int y = 0; y < oh; y++) {
                        int iy = y * g.strideH() + sy;
                        int d = dst + y * ow;
                        if (iy < 0 || iy >= h) {
                            java.util.Arrays.fill(cols, d, d + ow, 0f);
                            continue;
                        }
                        int src = chanOff + iy * w;
                        int sw = g.strideW(), x0 = firstInside(sx, sw, ow), x1 = endInside(sx, sw, w, ow, x0);
                        java.util.Arrays.fill(cols, d, d + x0, 0f);
                        if (sw == 1) {
                            // arraycopy checks positions even for an empty run, which may start past the row
                            if (x1 > x0) System.arraycopy(x, src + x0 + sx, cols, d + x0, x1 - x0);
                        } else {
                            for (int xx = x0; xx < x1; xx++) cols[d + xx] = x[src + xx * sw + sx];
                        }
                        java.util.Arrays.fill(cols, d + x1, d + ow, 0f);
                    }
                }
            }
        }
    }

    /** Adjoint of {@link #im2col}: {@code dx[C, H, W] += col2im(cols)} for group {@code group}. */
    public static void col2im(float[] cols, int colsOff, ConvGeometry g, int group, float[] dx, int dxOff) {
        col2im(cols, colsOff, g.colCols(), g, group, dx, dxOff);
    }

    /** {@link #col2im} from a column matrix whose rows are {@code ld} apart ({@code ld ≥ outH·outW}). */
    public static void col2im(float[] cols, int colsOff, int ld, ConvGeometry g, int group, float[] dx, int dxOff) {
        checkArgs("col2im", dx, dxOff, g, group, cols, colsOff, ld);
        if (isSameWidthStride1(g)) {
            col2imPlaneRuns(cols, colsOff, ld, g, group, dx, dxOff);
        } else {
            col2imRows(cols, colsOff, ld, g, group, dx, dxOff);
        }
    }

    /** Per-thread room for the pixels {@link #col2imPlaneRuns} must keep, grown on demand. */
    private static final ThreadLocal<float[][]> KEPT = ThreadLocal.withInitial(() -> new float[1][0]);

    /**
     * col2im for {@link #isSameWidthStride1} geometries, the adjoint of {@link #im2colPlaneRuns}: one long add
     * per tap over the run of rows inside the image. That add also reaches the |sx| pixels at the end of each
     * run row that belong to the neighbouring image row (padding positions of this tap, which must receive
     * nothing); they are saved before and restored after, so every pixel gets exactly the additions, in the
     * same order, as {@link #col2imRows} gives it.
     */
    static void col2imPlaneRuns(float[] cols, int colsOff, int ld, ConvGeometry g, int group, float[] dx, int dxOff) {
        int oh = g.outHeight(), w = g.width(), h = g.height(), cg = g.groupChannels();
        float[][] keptRef = KEPT.get();
        int row = 0;
        for (int c = 0; c < cg; c++) {
            int chanOff = dxOff + (group * cg + c) * h * w, chanEnd = chanOff + h * w;
            for (int ki = 0; ki < g.kernelH(); ki++) {
                for (int kj = 0; kj < g.kernelW(); kj++, row++) {
                    int sy = ki * g.dilationH() - g.padH(), sx = kj * g.dilationW() - g.padW(); // tap offset
                    int y0 = Math.min(oh, Math.max(0, -sy)), y1 = Math.max(y0, Math.min(oh, h - sy)); // rows inside
                    if (y1 == y0) continue;
                    int dst = chanOff + (y0 + sy) * w + sx, src = colsOff + row * ld + y0 * w, len = (y1 - y0) * w;
                    int lo = Math.max(0, chanOff - dst), hi = Math.min(len, chanEnd - dst); // inside the plane
                    if (hi <= lo) continue;
                    int x0 = firstInside(sx, 1, w), x1 = endInside(sx, 1, w, w, x0);
                    int pad = x0 + (w - x1); // positions per run row that are not this tap's
                    if (pad == w) continue; // the tap never lands inside a row
                    float[] kept = keptRef[0];
                    if (kept.length < (y1 - y0) * pad) kept = keptRef[0] = new float[(y1 - y0) * pad];
                    int k = 0;
                    for (int r = lo - lo % w; r < hi; r += w) {
                        for (int xx = 0; xx < x0; xx++) if (r + xx >= lo && r + xx < hi) kept[k++] = dx[dst + r + xx];
                        for (int xx = x1; xx < w; xx++) if (r + xx >= lo && r + xx < hi) kept[k++] = dx[dst + r + xx];
                    }
                    K.add(dx, dst + lo, cols, src + lo, dx, dst + lo, hi - lo);
                    k = 0;
                    for (int r = lo - lo % w; r < hi; r += w) {
                        for (int xx = 0; xx < x0; xx++) if (r + xx >= lo && r + xx < hi) dx[dst + r + xx] = kept[k++];
                        for (int xx = x1; xx < w; xx++) if (r + xx >= lo && r + xx < hi) dx[dst + r + xx] = kept[k++];
                    }
                }
            }
        }
    }

    /** The reference col2im: one clamped run per output row, any stride, padding and dilation. */
    static void col2imRows(float[] cols, int colsOff, int ld, ConvGeometry g, int group, float[] dx, int dxOff) {
        int oh = g.outHeight(), ow = g.outWidth(), h = g.height(), w = g.width();
        int cg = g.groupChannels();
        int row = 0;
        for (int c = 0; c < cg; c++) {
            int chanOff = dxOff + (group * cg + c) * h * w;
            for (int ki = 0; ki < g.kernelH(); ki++) {
                for (int kj = 0; kj < g.kernelW(); kj++, row++) {
                    int src = colsOff + row * ld;
                    int sy = ki * g.dilationH() - g.padH(), sx = kj * g.dilationW() - g.padW(); // tap offset
                    for (int y = 0; y < oh; y++) {
                        int iy = y * g.strideH() + sy;
                        if (iy < 0 || iy >= h) continue;
                        int dst = chanOff + iy * w;
                        int s = src + y * ow;
                        int sw = g.strideW(), x0 = firstInside(sx, sw, ow), x1 = endInside(sx, sw, w, ow, x0);
                        if (sw == 1) {
                            K.add(dx, dst + x0 + sx, cols, s + x0, dx, dst + x0 + sx, x1 - x0);
                        } else {
                            for (int xx = x0; xx < x1; xx++) dx[dst + xx * sw + sx] += cols[s + xx];
                        }
                    }
                }
            }
        }
    }

    /**
     * Output columns {@code xx} read input column {@code xx·stride + shift}; those inside {@code [0, w)} form
     * the run {@code [firstInside, endInside)}, clamped to {@code [0, ow]} (padding may exceed the output row).
     */
    private static int firstInside(int shift, int stride, int ow) {
        int first = shift >= 0 ? 0 : (-shift + stride - 1) / stride;
        return Math.min(ow, first);
    }

    private static int endInside(int shift, int stride, int w, int ow, int first) {
        int last = w - 1 - shift; // largest xx·stride allowed
        int end = last < 0 ? 0 : last / stride + 1;
        return Math.max(first, Math.min(ow, end));
    }

    /** The group exists, {@code ld} holds a row, and both the image and the column block fit their arrays. */
    private static void checkArgs(String op, float[] image, int imageOff, ConvGeometry g, int group,
                                  float[] cols, int colsOff, int ld) {
        if (group < 0 || group >= g.groups()) {
            throw new IllegalArgumentException(op + ": group " + group + " outside [0, " + g.groups() + ")");
        }
        if (imageOff < 0 || (long) imageOff + g.imageSize() > image.length) {
            throw new IllegalArgumentException(op + ": image of " + g.imageSize() + " floats at offset " + imageOff
                    + " exceeds array of " + image.length);
        }
        if (ld < g.colCols()) throw new IllegalArgumentException(op + ": row stride " + ld + " < " + g.colCols() + " columns");
        long colsEnd = g.colRows() == 0 ? colsOff : colsOff + (long) (g.colRows() - 1) * ld + g.colCols();
        if (colsOff < 0 || colsEnd > cols.length) {
            throw new IllegalArgumentException(op + ": cols of " + g.colRows() + " rows of " + g.colCols() + " floats, "
                    + ld + " apart, at offset " + colsOff + " exceed array of " + cols.length);
        }
    }
}
