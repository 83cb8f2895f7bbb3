package dev.shears.autograd.ops;

import dev.shears.tensor.conv.ConvGeometry;
import dev.shears.tensor.conv.PaddedPixels;
import dev.shears.tensor.conv.PaddedPlanes;
import dev.shears.tensor.gemm.Gemm;
import dev.shears.tensor.gemm.PackedA;
import java.util.Arrays;

/**
 * The weight-gradient GEMM of a convolution for a block of images, {@code ∂W_g [og, rows] (+)= gy_g [og, b·p] · colsᵀ [b·p, rows]}
 * (p output pixels per image, rows = channels per group × taps), with its operands read from gy and from a
 * zero-padded copy of the block's images instead of a column matrix written out. Writing the column matrix
 * (rows × p, 2.3 MB for 64 channels at 32×32) and gathering its transposed panels back from rows 1 to 4 KiB
 * apart had been a quarter of vgg16's 32×32 weight gradient. Two layouts of the copy:
 * <ul>
 *   <li><b>Channels first</b> (planes of (H + 2·padH) × (W + 2·padW), image after image, {@link PaddedPlanes}):
 *       {@code colsᵀ[q][r] = padded[rowAt[q] + colAt[r]]}, rowAt the top-left corner of output pixel q's window
 *       in its image, colAt channel c's plane plus tap (ki, kj)'s place in the window. The GEMM packs its B
 *       panels from there by offsets (gathers of 16 lanes).</li>
 *   <li><b>Channels last</b> ({@link PaddedPixels}, images of hp × wp × cg), where the channels per group are a
 *       multiple of the GEMM's panel width NR (VGG's 32 to 512): the product's columns are taken tap-major
 *       ({@code t·cg + c} for channel c under tap t, see {@link #tapMajor}), so that
 *       {@code colsᵀ[q][t·cg + c] = padded[rowAt[q] + panelAt[(t·cg + c) / NR] + c % NR]}, rowAt now counting
 *       cg floats per pixel: a row of a panel is NR consecutive floats, and {@link Gemm#sgemmRows} reads B in
 *       place, nothing packed. The gathers of the other layout took about 40% of vgg-small's 32→32 28×28
 *       weight gradient (18.3–19.1 ms against 13.4–14.2 ms this way). The caller puts the columns back in w's order.</li>
 * </ul>
 * gy_g is packed as A straight from gy by column offsets (rows p apart, columns image after image). The values
 * multiplied are those of the column matrix, in the same order, so the product has its bits.
 */
final class PaddedWeightGradient {

    private final ConvGeometry g;
    private final int o, og, rows, p, img;
    private final boolean tapMajor;
    private final int[] gyAt;          // column j·p + q of gy_g in gy: image j's plane of the channel, pixel q
    private final int[] rowAt, colAt;  // channels first
    private final int[] panelAt;       // channels last; rowAt then places pixels in the channels-last images

    /**
     * Whether the operands apply to blocks of {@code b} images: not for pointwise kernels (x is their column
     * matrix), and with groups only for one image, whose group channels are consecutive planes.
     */
    static boolean applies(ConvGeometry g, boolean pointwise, int b) { return !pointwise && (b == 1 || g.groups() == 1); }

    /**
     * The operands for blocks of up to {@code b} images of {@code o} output channels; channels last (and the
     * columns tap-major) where {@code tapMajorAllowed} and the channels per group fill whole panels.
     */
    PaddedWeightGradient(ConvGeometry g, int o, int b, boolean tapMajorAllowed) {
        this.g = g;
        this.o = o;
        this.og = o / g.groups();
        this.rows = g.colRows();
        this.p = g.colCols();
        this.img = g.imageSize();
        int cg = g.groupChannels(), nr = Gemm.panelWidth(), wp = g.width() + 2 * g.padW(), plane = (g.height() + 2 * g.padH()) * wp;
        this.tapMajor = tapMajorAllowed && cg % nr == 0;
        this.gyAt = new int[b * p];
        this.rowAt = new int[b * p];
        // channels last: a pixel is cg floats and an image cg planes; channels first: a pixel is one float
        int pixel = tapMajor ? cg : 1, image = cg * plane;
        for (int j = 0; j < b; j++) {
            for (int oy = 0; oy < g.outHeight(); oy++) {
                for (int ox = 0; ox < g.outWidth(); ox++) {
                    int q = oy * g.outWidth() + ox;
                    rowAt[j * p + q] = j * image + (oy * g.strideH() * wp + ox * g.strideW()) * pixel;
                    gyAt[j * p + q] = j * o * p + q;
                }
            }
        }
        int kh = g.kernelH(), kw = g.kernelW();
        if (tapMajor) {
            this.colAt = null;
            this.panelAt = new int[rows / nr];
            for (int q = 0; q < panelAt.length; q++) {
                int t = q * nr / cg, c0 = q * nr % cg;
                panelAt[q] = (t / kw * g.dilationH() * wp + t % kw * g.dilationW()) * cg + c0;
            }
        } else {
            this.panelAt = null;
            this.colAt = new int[rows];
            for (int c = 0; c < cg; c++) {
                for (int ki = 0; ki < kh; ki++) {
                    for (int kj = 0; kj < kw; kj++) colAt[(c * kh + ki) * kw + kj] = c * plane + ki * g.dilationH() * wp + kj * g.dilationW();
                }
            }
        }
    }

    /** Whether the product's columns come tap-major, {@code [og, taps·cg]}, rather than in w's order. */
    boolean tapMajor() { return tapMajor; }

    /**
     * {@code C [og, rows] = gy_g · colsᵀ + beta · C} for images [i0, i0 + b) (b at most the block size given at
     * construction) and group grp of x: [N, C, H, W] and gy: [N, O, outH, outW], C from {@code c[cOff]} with
     * row stride rows; its columns tap-major if {@link #tapMajor}. Uses this thread's scratch.
     */
    void multiply(float[] xd, int xo, float[] gyd, int gyo, int i0, int b, int grp, float beta, float[] c, int cOff) {
        int cg = g.groupChannels(), hw = g.height() * g.width(), k = b * p;
        PackedA gy = Gemm.packA(og, k, gyd, gyo + (i0 * o + grp * og) * p, p, prefix(gyAt, k), Scratch.get(Scratch.PACKED_GY, Gemm.packedASize(og, k)));
        int size = b * cg * (g.height() + 2 * g.padH()) * (g.width() + 2 * g.padW()), from = xo + i0 * img + grp * cg * hw;
        float[] padded = Scratch.get(Scratch.PADDED_X, size);
        if (tapMajor) {
            PaddedPixels.copy(xd, from, img, b, cg, g.height(), g.width(), g.padH(), g.padW(), padded, size);
            Gemm.sgemmRows(gy, rows, 1f, padded, prefix(rowAt, k), panelAt, beta, c, cOff, rows);
        } else {
            // with one group the channels of consecutive images are evenly spaced planes; else b == 1
            PaddedPlanes.copy(xd, from, hw, b * cg, g.height(), g.width(), g.padH(), g.padW(), padded, size);
            Gemm.sgemm(gy, rows, 1f, Gemm.offsetB(padded, 0, prefix(rowAt, k), colAt), beta, c, cOff, rows);
        }
    }

    /** The first {@code len} offsets: a short last block uses the start of a full block's. */
    private static int[] prefix(int[] at, int len) { return at.length == len ? at : Arrays.copyOf(at, len); }
}
