package dev.shears.tensor.conv;

import dev.shears.tensor.gemm.PackedB;
import dev.shears.tensor.kernels.KernelProvider;
import dev.shears.tensor.kernels.Kernels;

/**
 * Implicit im2col: the column matrix of {@link Im2col} for a block of images, packed straight from the
 * images into GEMM panels ({@link PackedB}), so a convolution's forward GEMM reads each image once instead
 * of im2col writing the column matrix and the GEMM's packing reading it back (for vgg-small's 32-channel
 * 28×28 layers that matrix is nine times the image). The idea is the "implicit GEMM" formulation of
 * convolution (Chetlur et al., "cuDNN: Efficient primitives for deep learning", 2014, §3.1), done here in
 * the packing step of a Goto–van de Geijn GEMM.
 *
 * <p>For images {@code [i0, i0 + b)} and group {@code g}, op(B) is {@code cols [cg·kh·kw, b·P]}
 * (P = outH·outW), column {@code j·P + q} holding output position q of image j, exactly as {@link Im2col}
 * lays out a block ({@code im2col} into columns {@code [j·P, (j + 1)·P)}); the packed values equal
 * {@code PanelPacking.packB} of that matrix bitwise.
 *
 * <p>Only stride-1 "same width" geometries ({@link Im2col#isSameWidthStride1}): there, tap t of output q reads
 * input {@code q + shift[t]} of its channel's plane, so a panel row is a contiguous run of the plane,
 * with the padding positions (a fixed pattern per tap, {@code keep}) set to zero. The rows of a panel are
 * copied by one {@link Kernels#selectRows} call per image the panel touches: whole vectors, and +0 where
 * im2col writes +0. Runs whose out-of-image positions would fall outside the array are copied element by
 * element.
 */
public final class Im2colPanels {

    private static final Kernels K = KernelProvider.get();

    private final ConvGeometry g;
    private final int p, taps, plane, image;
    private final int[] shift;   // per tap: input index minus output index, inside a channel plane
    private final boolean[] keep; // [taps, P]: where the tap reads inside the image (not padding)

    private Im2colPanels(ConvGeometry g) {
        this.g = g;
        this.p = g.colCols();
        this.taps = g.kernelH() * g.kernelW();
        this.plane = g.height() * g.width();
        this.image = g.imageSize();
        this.shift = new int[taps];
        this.keep = new boolean[taps * p];
        int oh = g.outHeight(), w = g.width();
        for (int ki = 0, t = 0; ki < g.kernelH(); ki++) {
            for (int kj = 0; kj < g.kernelW(); kj++, t++) {
                int sy = ki * g.dilationH() - g.padH(), sx = kj * g.dilationW() - g.padW();
                shift[t] = sy * w + sx;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < w; ox++) {
                        boolean inside = oy + sy >= 0 && oy + sy < g.height() && ox + sx >= 0 && ox + sx < w;
                        keep[t * p + oy * w + ox] = inside;
                    }
                }
            }
        }
    }

    /** Per-thread offsets of the rows of one panel: into {@code keep}, into x and into the panel. */
    private static final class RowOffsets {
        int[] sel = new int[0], x = new int[0], out = new int[0];

        RowOffsets ensure(int rows) {
            if (sel.length < rows) {
                sel = new int[rows];
                x = new int[rows];
                out = new int[rows];
            }
            return this;
        }
    }

    private static final ThreadLocal<RowOffsets> ROWS = ThreadLocal.withInitial(RowOffsets::new);

    /** Whether {@link #of} accepts the geometry: stride 1 and output as wide as the input. */
    public static boolean supports(ConvGeometry g) { return Im2col.isSameWidthStride1(g); }

    /**
     * The packer for a geometry; reusable for any block of images.
     *
     * @throws IllegalArgumentException if the geometry is not {@link #supports supported}
     */
    public static Im2colPanels of(ConvGeometry g) {
        if (!supports(g)) throw new IllegalArgumentException("implicit im2col needs stride 1 and same width: " + g);
        return new Im2colPanels(g);
    }

    /**
     * op(B) = the column matrix {@code [cg·kh·kw, b·P]} of images {@code [i0, i0 + b)} of
     * {@code x: [N, C, H, W]} (image 0 at {@code xOff}), group {@code group}.
     */
    public PackedB block(float[] x, int xOff, int i0, int b, int group) {
        if (b < 1 || i0 < 0 || group < 0 || group >= g.groups()) {
            throw new IllegalArgumentException("im2col block: images [" + i0 + ", " + (i0 + b) + "), group " + group);
        }
        long last = xOff + (long) (i0 + b) * image;
        if (xOff < 0 || last > x.length) {
            throw new IllegalArgumentException("im2col block: images [" + i0 + ", " + (i0 + b) + ") exceed the array of " + x.length);
        }
        int first = xOff + i0 * image + group * g.groupChannels() * plane, columns = b * p;
        return (p0, kc, j0, cols, nr, dst, dstOff) -> {
            if (p0 < 0 || kc < 0 || p0 + kc > g.colRows() || j0 < 0 || cols < 0 || cols > nr || j0 + cols > columns) {
                throw new IllegalArgumentException("im2col panel rows [" + p0 + ", " + (p0 + kc) + ") columns [" + j0 + ", "
                        + (j0 + cols) + ") outside " + g.colRows() + "x" + columns);
            }
            // The panel's columns as runs, one per image it touches: the same for every row, so each run is
            // copied for all rows by one kernel call (MobileNet's and VGG's late 4×4 and 2×2 maps put several
            // images in one panel). The last run's call also zero-fills the panel from cols to nr.
            if (cols == 0) { // an empty panel: zeros
                for (int s = 0; s < kc * nr; s++) dst[dstOff + s] = 0f;
                return;
            }
            int c0 = p0 / taps, t0 = p0 - c0 * taps; // channel and tap of row p0
            RowOffsets rows = ROWS.get().ensure(kc);
            for (int col = j0, end = j0 + cols; col < end; ) {
                int j = col / p, q = col - j * p, len = Math.min(end - col, p - q);
                int width = col + len == end ? len + nr - cols : len, at = col - j0;
                int batched = 0;
                for (int s = 0, c = c0, t = t0; s < kc; s++) {
                    int d = dstOff + s * nr + at, src = first + c * plane + j * image + q + shift[t];
                    if (src >= 0 && src + len <= x.length) {
                        rows.sel[batched] = t * p + q;
                        rows.x[batched] = src;
                        rows.out[batched++] = d;
                    } else { // padding positions would lie outside the array: read only the kept ones
                        for (int u = 0; u < len; u++) dst[d + u] = keep[t * p + q + u] ? x[src + u] : 0f;
                        for (int u = len; u < width; u++) dst[d + u] = 0f;
                    }
                    if (++t == taps) { // next row: channel and tap advanced without division
                        t = 0;
                        c++;
                    }
                }
                K.selectRows(keep, rows.sel, x, rows.x, dst, rows.out, batched, len, width);
                col += len;
            }
        };
    }
}
