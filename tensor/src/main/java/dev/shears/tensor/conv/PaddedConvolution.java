package dev.shears.tensor.conv;

import dev.shears.tensor.gemm.Gemm;
import dev.shears.tensor.gemm.PackedA;

/**
 * Direct convolution of one image for stride-1 "same width" geometries, by a GEMM that reads the padded
 * image in place ({@link Gemm#sgemmRows}): nothing is copied into column matrices or panels.
 *
 * <p>The image's channel planes are copied once into zero-padded planes of {@code Hp × Wp}
 * ({@code Hp = H + 2·padH}, {@code Wp = W + 2·padW}). Output position {@code (oy, ox)} is then computed at
 * column {@code q = oy·Wp + ox} of a grid {@code outH} rows of {@code Wp}, and tap {@code (ki, kj)} of channel
 * c reads padded element {@code c·Hp·Wp + q + ki·dilH·Wp + kj·dilW}: each row of the column matrix is one
 * contiguous run of the padded image, shifted per channel and tap, and the padding needs no mask. The
 * {@code 2·padW} columns past W of each grid row read across the border into the next row; they are
 * computed and dropped, a waste of {@code 2·padW / W} (7% at 28×28, 14% at 14×14). What it saves is the
 * packing of the image into B panels, which the GEMM otherwise repeats for every image: with few output
 * channels to share it (vgg-small's 32 and 64) the implicit im2col's packing took about a fifth of a
 * training step. This is the "direct" convolution of, e.g., Zhang, Franchetti and Low, "High performance
 * zero-memory overhead direct convolutions" (ICML 2018), who also keep the GEMM's register blocking and
 * load the input in place; here the loop nest stays the GEMM's and only the addressing of B changes.
 *
 * <p>The values equal {@link Im2col}'s column matrix multiplied by the GEMM, bitwise: the same rows, the
 * same zeros (+0) at the padding, the same chains of fused multiply-adds.
 */
public final class PaddedConvolution {

    private final ConvGeometry g;
    private final int cg, h, w, oh, hp, wp, plane, grid, paddedSize;
    private final int[] rowAt; // per row c·taps + t of one group's column matrix: its start in the padded image

    private PaddedConvolution(ConvGeometry g) {
        this.g = g;
        this.cg = g.groupChannels();
        this.h = g.height();
        this.w = g.width();
        this.oh = g.outHeight();
        this.hp = h + 2 * g.padH();
        this.wp = w + 2 * g.padW();
        this.plane = hp * wp;
        this.grid = Math.multiplyExact(oh, wp);
        int taps = g.kernelH() * g.kernelW();
        this.rowAt = new int[cg * taps];
        for (int c = 0, k = 0; c < cg; c++) {
            for (int ki = 0; ki < g.kernelH(); ki++) {
                for (int kj = 0; kj < g.kernelW(); kj++) rowAt[k++] = c * plane + ki * g.dilationH() * wp + kj * g.dilationW();
            }
        }
        // the last row starts furthest; the GEMM reads whole panels from each row start
        int panels = (grid + Gemm.panelWidth() - 1) / Gemm.panelWidth();
        this.paddedSize = Math.max(Math.multiplyExact(cg, plane), Math.addExact(rowAt[rowAt.length - 1], Math.multiplyExact(panels, Gemm.panelWidth())));
    }

    /** Whether {@link #of} accepts the geometry: stride 1 and output as wide as the input. */
    public static boolean supports(ConvGeometry g) {
        return Im2col.isSameWidthStride1(g) && g.width() > 0 && g.outHeight() > 0;
    }

    /**
     * Whether the direct convolution should beat implicit im2col ({@link Im2colPanels}) on this geometry: a
     * kernel wider than one pixel, and at least {@value #MIN_USEFUL} of the grid's columns, rounded up to whole
     * panels, being outputs. Measured on one thread (3×3, pad 1, 16 images, GFLOPS of useful work, implicit →
     * direct): 32→32 at 28×28 76 → 113; 64→64 at 14×14 92 → 116; 64→64 at 32×32 95 → 128; 128→128 at
     * 16×16 117 → 130; but 128→128 at 8×8 121 → 93 and 512→512 at 4×4 132 → 70, where a third or more of
     * the columns are dropped. Pointwise kernels lose too (128→128 at 16×16: 111 → 83): with no overlap
     * between rows, each k block reads 256 separate image rows instead of one packed panel.
     */
    public static boolean pays(ConvGeometry g) {
        if (!supports(g) || g.kernelH() * g.kernelW() == 1) return false;
        long grid = (long) g.outHeight() * (g.width() + 2L * g.padW()), nr = Gemm.panelWidth();
        return (double) g.outHeight() * g.width() >= MIN_USEFUL * ((grid + nr - 1) / nr * nr);
    }

    /** Smallest share of useful columns for {@link #pays}: 28×28 has 0.91, 14×14 0.875, 8×8 0.67. */
    static final double MIN_USEFUL = 0.85;

    /**
     * The convolution for a geometry; reusable for any image.
     *
     * @throws IllegalArgumentException if the geometry is not {@link #supports supported}
     */
    public static PaddedConvolution of(ConvGeometry g) {
        if (!supports(g)) throw new IllegalArgumentException("direct convolution needs stride 1 and same width: " + g);
        return new PaddedConvolution(g);
    }

    /** Per-thread padded image and output grid, reused across calls. */
    private static final class Buffers {
        float[] padded = new float[0], grid = new float[0];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /**
     * {@code y_g [og, outH·W] = w_g · cols_g(x)} for one image and group: {@code w} is the group's weights
     * {@code [og, cg·kh·kw]} packed by {@link Gemm#packA}, the image {@code [C, H, W]} starts at
     * {@code x[imageOff]}, and the group's output planes are written from {@code y[yOff]}.
     *
     * @throws IllegalArgumentException if the weights' depth, the group or an array range does not fit
     */
    public void forward(PackedA wg, float[] x, int imageOff, int group, float[] y, int yOff) {
        int og = wg.rows();
        if (wg.depth() != rowAt.length) throw new IllegalArgumentException("direct convolution: weights of depth " + wg.depth() + ", geometry needs " + rowAt.length);
        if (group < 0 || group >= g.groups()) throw new IllegalArgumentException("direct convolution: group " + group + " of " + g.groups());
        if (imageOff < 0 || (long) imageOff + g.imageSize() > x.length) {
            throw new IllegalArgumentException("direct convolution: image at " + imageOff + " exceeds the array of " + x.length);
        }
        if (yOff < 0 || (long) yOff + (long) og * oh * w > y.length) {
            throw new IllegalArgumentException("direct convolution: output at " + yOff + " exceeds the array of " + y.length);
        }
        Buffers b = BUFFERS.get();
        if (b.padded.length < paddedSize) b.padded = new float[paddedSize];
        if (b.grid.length < og * grid) b.grid = new float[og * grid];
        PaddedPlanes.copy(x, imageOff + group * cg * h * w, h * w, cg, h, w, g.padH(), g.padW(), b.padded, paddedSize);
        Gemm.sgemmRows(wg, grid, 1f, b.padded, rowAt, 0f, b.grid, 0, grid);
        for (int r = 0; r < og; r++) { // drop the grid's 2·padW columns past W of each row
            for (int oy = 0; oy < oh; oy++) System.arraycopy(b.grid, r * grid + oy * wp, y, yOff + (r * oh + oy) * w, w);
        }
    }
}
