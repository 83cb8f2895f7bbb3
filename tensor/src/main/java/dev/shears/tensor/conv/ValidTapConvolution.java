package dev.shears.tensor.conv;

import dev.shears.tensor.gemm.Gemm;
import dev.shears.tensor.gemm.PackedA;
import dev.shears.tensor.gemm.PackedB;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Stride-1, same-width convolution of a whole batch without the products of its zero padding, for small
 * feature maps where they are a large share of the work: with a 3×3 kernel and padding 1, 16% of the
 * products at 8×8, 31% at 4×4 and 56% at 2×2 multiply a padded zero. im2col + GEMM computes them all;
 * oneDNN's direct convolution skips them, and was 1.7–2× faster than Shears on vgg16's 4×4 and 2×2 layers.
 *
 * <p>Output pixels fall into classes by the set of kernel taps that land inside the image: for each output
 * row the valid rows of the kernel, for each column the valid columns (with 3×3 and padding 1: the first
 * row, the inner rows and the last row, so nine classes: the interior, four edges and four corners). For one
 * class, with the taps t of its set in order,
 * <pre>
 *   Y [Cout, N·|class|] = Σ_t  W_t [Cout, Cin] · X_t [Cin, N·|class|]
 * </pre>
 * where W_t is tap t of every kernel, packed once per call for all classes, and X_t the input shifted by tap
 * t at the class's pixels of every image, packed straight from x by offsets (no padding is ever read:
 * every tap of the class lands inside the image). One {@link Gemm#sgemmSum} per class writes its columns
 * straight into y. The input gradient is the same computation on gy with the transposed geometry (see
 * {@code DenseConv2d}); the weight gradient is one GEMM per tap over the pixels where that tap is valid
 * ({@link #weightGradient}).
 *
 * <p><b>Result.</b> Each output element is, bitwise, the sum by {@link Gemm#sgemmSum}: for each valid tap in
 * order, chains of {@link Gemm#KC} products over the input channels, folded in order. This is not the
 * im2col GEMM's order (chains of KC over channel and tap together, padded zeros included), so the bits
 * differ from the im2col path's; they are the same for any thread count.
 */
public final class ValidTapConvolution {

    /**
     * Largest share of useful products for {@link #pays}: 3×3 with padding 1 has 0.69 at 4×4 and 0.44 at 2×2
     * (taken), 0.84 at 8×8 (not: its offset gathers cost more than the 16% of products they save).
     */
    static final double MAX_USEFUL = 0.75;

    private final ConvGeometry g;
    private final int h, w, p, taps;
    private final int[] tapOffset;          // per tap: input offset from the output pixel's position
    private final List<int[]> classPixels;  // per class: output pixels oy·W + ox, in order
    private final List<int[]> classTaps;    // per class: its valid taps, in order
    private final long useful;              // useful products per input channel and image

    private ValidTapConvolution(ConvGeometry g) {
        this.g = g;
        this.h = g.height();
        this.w = g.width();
        this.p = g.outHeight() * g.outWidth();
        this.taps = g.kernelH() * g.kernelW();
        this.tapOffset = new int[taps];
        for (int ki = 0; ki < g.kernelH(); ki++) {
            for (int kj = 0; kj < g.kernelW(); kj++) {
                tapOffset[ki * g.kernelW() + kj] = (ki * g.dilationH() - g.padH()) * w + kj * g.dilationW() - g.padW();
            }
        }
        List<int[]> rows = runs(g.outHeight(), h, g.kernelH(), g.dilationH(), g.padH());
        List<int[]> cols = runs(g.outWidth(), w, g.kernelW(), g.dilationW(), g.padW());
        this.classPixels = new ArrayList<>();
        this.classTaps = new ArrayList<>();
        long products = 0;
        for (int[] r : rows) {
            for (int[] c : cols) {
                int[] pixels = new int[r[1] * c[1]];
                for (int oy = r[0], q = 0; oy < r[0] + r[1]; oy++) {
                    for (int ox = c[0]; ox < c[0] + c[1]; ox++) pixels[q++] = oy * g.outWidth() + ox;
                }
                int[] valid = new int[Integer.bitCount(r[2]) * Integer.bitCount(c[2])];
                for (int ki = 0, q = 0; ki < g.kernelH(); ki++) {
                    for (int kj = 0; kj < g.kernelW(); kj++) {
                        if ((r[2] >> ki & 1) != 0 && (c[2] >> kj & 1) != 0) valid[q++] = ki * g.kernelW() + kj;
                    }
                }
                if (valid.length == 0) continue; // outputs that see only padding: their zeros are written apart
                classPixels.add(pixels);
                classTaps.add(valid);
                products += (long) pixels.length * valid.length;
            }
        }
        this.useful = products;
    }

    /**
     * Consecutive output rows (or columns) with the same set of valid kernel rows: {first, count, mask of
     * valid kernel indices}, in order.
     */
    private static List<int[]> runs(int out, int size, int k, int dil, int pad) {
        List<int[]> runs = new ArrayList<>();
        for (int o = 0; o < out; ) {
            int mask = validMask(o, size, k, dil, pad), e = o + 1;
            while (e < out && validMask(e, size, k, dil, pad) == mask) e++;
            runs.add(new int[] {o, e - o, mask});
            o = e;
        }
        return runs;
    }

    private static int validMask(int o, int size, int k, int dil, int pad) {
        int mask = 0;
        for (int i = 0; i < k; i++) {
            int at = o + i * dil - pad;
            if (at >= 0 && at < size) mask |= 1 << i;
        }
        return mask;
    }

    /** Whether {@link #of} accepts the geometry: stride 1, output as wide as the input, one group, kernels of at most 31 × 31. */
    public static boolean supports(ConvGeometry g) {
        return Im2col.isSameWidthStride1(g) && g.groups() == 1 && g.outHeight() > 0 && g.width() > 0
                && g.kernelH() < 32 && g.kernelW() < 32;
    }

    /**
     * Whether skipping the padding should pay on this geometry: a kernel wider than one pixel and at most
     * {@value #MAX_USEFUL} of the im2col products useful. Measured against the im2col GEMM at 2 threads, batch
     * 64: see the README's performance section.
     */
    public static boolean pays(ConvGeometry g) {
        if (!supports(g) || g.kernelH() * g.kernelW() == 1) return false;
        ValidTapConvolution v = new ValidTapConvolution(g);
        return v.useful <= MAX_USEFUL * v.p * v.taps;
    }

    /**
     * The convolution for a geometry.
     *
     * @throws IllegalArgumentException if the geometry is not {@link #supports supported}
     */
    public static ValidTapConvolution of(ConvGeometry g) {
        if (!supports(g)) throw new IllegalArgumentException("valid-tap convolution needs stride 1, same width and one group: " + g);
        return new ValidTapConvolution(g);
    }

    /** Kernel taps (kh·kw): the length of the per-tap weights {@link #forward} takes. */
    public int taps() { return taps; }

    /**
     * {@code y [N, Cout, outH, W] = conv(x [N, Cin, H, W])} for the whole batch, with {@code perTap[t]} the
     * packed [Cout, Cin] matrix of tap t of every kernel. Every element of y is written; outputs whose window
     * holds only padding get zero.
     *
     * @throws IllegalArgumentException if the per-tap weights or an array range do not fit
     */
    public void forward(PackedA[] perTap, float[] x, int xOff, int n, float[] y, int yOff) {
        if (perTap.length != taps) throw new IllegalArgumentException("valid-tap convolution: " + perTap.length + " tap matrices for " + taps + " taps");
        int cout = perTap[0].rows(), cin = g.channels(), img = g.imageSize();
        for (PackedA t : perTap) {
            if (t.rows() != cout || t.depth() != cin) {
                throw new IllegalArgumentException("valid-tap convolution: tap matrix " + t.rows() + "x" + t.depth() + ", expected " + cout + "x" + cin);
            }
        }
        if (xOff < 0 || (long) xOff + (long) n * img > x.length) throw new IllegalArgumentException("valid-tap convolution: x exceeds its array");
        if (yOff < 0 || (long) yOff + (long) n * cout * p > y.length) throw new IllegalArgumentException("valid-tap convolution: y exceeds its array");
        if (useful < (long) p * taps) zeroBlindOutputs(y, yOff, n, cout);
        int[][] channelAt = new int[taps][];
        for (int t = 0; t < taps; t++) {
            channelAt[t] = new int[cin];
            for (int c = 0; c < cin; c++) channelAt[t][c] = c * h * w + tapOffset[t];
        }
        for (int k = 0; k < classPixels.size(); k++) {
            int[] pixels = classPixels.get(k), valid = classTaps.get(k);
            int[] xAt = new int[n * pixels.length], yAt = new int[n * pixels.length];
            for (int i = 0, j = 0; i < n; i++) {
                for (int q : pixels) {
                    xAt[j] = i * img + q;
                    yAt[j++] = i * cout * p + q;
                }
            }
            PackedA[] a = new PackedA[valid.length];
            PackedB[] b = new PackedB[valid.length];
            for (int s = 0; s < valid.length; s++) {
                a[s] = perTap[valid[s]];
                b[s] = Gemm.offsetB(x, xOff, channelAt[valid[s]], xAt);
            }
            Gemm.sgemmSum(a, b, 0f, y, yOff, p, yAt);
        }
    }

    /** Zeros the outputs no class covers (their window holds only padding). */
    private void zeroBlindOutputs(float[] y, int yOff, int n, int cout) {
        boolean[] covered = new boolean[p];
        for (int[] pixels : classPixels) for (int q : pixels) covered[q] = true;
        for (int q = 0; q < p; q++) {
            if (covered[q]) continue;
            for (int i = 0; i < n * cout; i++) y[yOff + i * p + q] = 0f;
        }
    }

    /** Per-thread buffers of the output gradient packed class by class. */
    private static final ThreadLocal<float[][]> GY_PACKS = ThreadLocal.withInitial(() -> new float[0][]);

    /**
     * {@code gw [Cout, Cin, kh, kw] = Σ_{images, pixels} gy ⊗ x} without the padding's products. The output
     * gradient is packed once per class, {@code gy_k [Cout, N·|class k|]} (images, then the class's pixels),
     * and each tap t is one {@link Gemm#sgemmSum} over the classes where t is valid, in class order:
     * {@code gw_t [Cout, Cin] = Σ_k gy_k · X_{k,t}ᵀ}, X_{k,t}ᵀ packed from x by offsets, the result written
     * straight into gw's elements of tap t. Each element is therefore, for each such class in order, chains of
     * {@link Gemm#KC} products over (image, pixel) folded from zero. Taps valid nowhere get zero.
     *
     * @throws IllegalArgumentException if an array range does not fit
     */
    public void weightGradient(float[] gy, int gyOff, int cout, float[] x, int xOff, int n, float[] gw, int gwOff) {
        int cin = g.channels(), img = g.imageSize(), classes = classPixels.size();
        if (gyOff < 0 || (long) gyOff + (long) n * cout * p > gy.length) throw new IllegalArgumentException("valid-tap convolution: gy exceeds its array");
        if (xOff < 0 || (long) xOff + (long) n * img > x.length) throw new IllegalArgumentException("valid-tap convolution: x exceeds its array");
        if (gwOff < 0 || (long) gwOff + (long) cout * cin * taps > gw.length) throw new IllegalArgumentException("valid-tap convolution: gw exceeds its array");
        int[] channelAt = new int[cin], gwAt = new int[cin];
        for (int c = 0; c < cin; c++) {
            channelAt[c] = c * h * w;
            gwAt[c] = c * taps;
        }
        float[][] buffers = GY_PACKS.get();
        if (buffers.length < classes) GY_PACKS.set(buffers = Arrays.copyOf(buffers, classes));
        PackedA[] packedGy = new PackedA[classes];
        for (int k = 0; k < classes; k++) {
            int[] pixels = classPixels.get(k), gyAt = new int[n * pixels.length];
            for (int i = 0, j = 0; i < n; i++) for (int q : pixels) gyAt[j++] = i * cout * p + q;
            int size = Gemm.packedASize(cout, gyAt.length);
            if (buffers[k] == null || buffers[k].length < size) buffers[k] = new float[size];
            packedGy[k] = Gemm.packA(cout, gyAt.length, gy, gyOff, p, gyAt, buffers[k]);
        }
        for (int t = 0; t < taps; t++) {
            List<PackedA> a = new ArrayList<>();
            List<PackedB> b = new ArrayList<>();
            for (int k = 0; k < classes; k++) {
                if (Arrays.binarySearch(classTaps.get(k), t) < 0) continue;
                int[] pixels = classPixels.get(k), xAt = new int[n * pixels.length];
                for (int i = 0, j = 0; i < n; i++) for (int q : pixels) xAt[j++] = i * img + q + tapOffset[t];
                a.add(packedGy[k]);
                b.add(Gemm.offsetB(x, xOff, xAt, channelAt));
            }
            if (a.isEmpty()) { // a tap that never lands inside the image
                for (int o = 0; o < cout; o++) for (int c = 0; c < cin; c++) gw[gwOff + (o * cin + c) * taps + t] = 0f;
                continue;
            }
            Gemm.sgemmSum(a.toArray(new PackedA[0]), b.toArray(new PackedB[0]), 0f, gw, gwOff + t, cin * taps, gwAt);
        }
    }
}
