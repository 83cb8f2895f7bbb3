package dev.shears.autograd.ops;

import dev.shears.tensor.Parallel;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.conv.ConvGeometry;
import dev.shears.tensor.conv.Im2col;
import dev.shears.tensor.conv.Im2colPanels;
import dev.shears.tensor.conv.PaddedConvolution;
import dev.shears.tensor.conv.ValidTapConvolution;
import dev.shears.tensor.gemm.Gemm;
import dev.shears.tensor.gemm.PackedA;
import dev.shears.tensor.kernels.KernelProvider;
import dev.shears.tensor.kernels.Kernels;
import java.util.Arrays;
import java.util.function.IntUnaryOperator;

/**
 * Convolution by im2col + GEMM (Chellapilla, Puri and Simard, "High performance convolutional neural
 * networks for document processing", IWFHR 2006), used by {@link Conv2d} for every non-depthwise case.
 *
 * <p>Images are processed in blocks of {@code B} consecutive images whose column matrices sit side by side,
 * {@code cols: [cg·kh·kw, B·P]} (P = outH·outW), so one GEMM per block and group computes
 * {@code Y_g [og, B·P] = W_g [og, cg·kh·kw] · cols}. B is the smallest count giving at least
 * {@value #TARGET_COLUMNS} columns (1 for feature maps of 16×16 and more), so late layers with tiny feature
 * maps (VGG's 2×2) still make GEMMs of a useful width instead of one skinny GEMM per image. A 1×1, stride-1,
 * unpadded kernel skips im2col: the image planes already are the column matrix. With stride 1 and "same"
 * width (VGG's and MobileNet's 3×3 and 1×1 layers) the column matrix is never written: the GEMM packs its
 * panels straight from x ({@link Im2colPanels}, implicit im2col); where few of its columns would be
 * dropped ({@link PaddedConvolution#pays}: 3×3 kernels on maps of 14×14 and more), not even that: the GEMM
 * reads the shifted rows of a zero-padded copy of each image in place ({@link PaddedConvolution}), one task
 * per image. Both give the same bits as the written column matrix. On maps of 4×4 and less with one group
 * ({@link ValidTapConvolution#pays}), where a third or more of im2col's products multiply padded zeros, the
 * whole batch is convolved at once without them, in all three phases; those layers have their own bits
 * (specified by {@link ValidTapConvolution}).
 *
 * <p>Backward: {@code ∂W_g = Σ_blocks gY_g · colsᵀ}, with the columns recomputed rather than stored (memory
 * over time), read from zero-padded copies of the images ({@link PaddedWeightGradient}) rather than written.
 * ∂x is, for stride-1 same-width kernels, the transposed convolution of gY (flipped kernel,
 * implicit im2col of gY or directly: see {@link #transposedGeometry}); otherwise {@code ∂cols = W_gᵀ · gY_g}
 * then col2im.
 *
 * <p>The per-image copies of a block (im2col into the block's columns, scattering its output, gathering gy)
 * are loops through {@link Parallel#forEach}: inline when blocks are already the parallel tasks, spread over
 * the threads when a layer is a single block (VGG's 2×2 layers at batch 64). The columns of maps of 4×4 and
 * less are written row by row across the block's images ({@link Im2col#im2colTinyBlock}), channels in
 * parallel.
 *
 * <p>Determinism: block size and task split depend only on the problem. Forward tasks are blocks. Backward
 * tasks are a fixed number ({@value #WEIGHT_GRAD_CHUNKS}, or fewer if there are fewer blocks) of contiguous
 * runs of blocks; each accumulates its own weight-gradient partial in block order and the partials are
 * summed in chunk order (spans of elements in parallel), so results are bitwise identical for any thread
 * count. Image j of a block writes its columns straight into columns [j·P, (j + 1)·P) of the block matrix
 * (im2col and col2im take a row stride), so blocking costs no extra copy of the columns.
 */
final class DenseConv2d {

    /** Minimum GEMM width (columns) a block of images should reach. */
    static final int TARGET_COLUMNS = 256;

    /** Number of weight-gradient partial sums; fixed so the reduction order never depends on threads. */
    static final int WEIGHT_GRAD_CHUNKS = 8;

    /** Largest rows per kernel (C/groups·kh·kw) whose weight gradient is computed transposed (see backward). */
    static final int SMALL_ROWS = 16;

    /** Weight-gradient elements per task when the partials are summed (element-wise: any split is exact). */
    static final int REDUCE_SPAN = 1 << 14;

    private static final Kernels K = KernelProvider.get();

    private final ConvGeometry g;
    private final int n, o, og, rows, p, img, block, blocks;
    private final boolean pointwise;

    private DenseConv2d(int n, int o, ConvGeometry g) {
        this.g = g;
        this.n = n;
        this.o = o;
        this.og = o / g.groups();
        this.rows = g.colRows();
        this.p = g.colCols();
        this.img = g.imageSize();
        this.block = Math.max(1, Math.min(n, (TARGET_COLUMNS + p - 1) / Math.max(p, 1)));
        this.blocks = (n + block - 1) / block;
        this.pointwise = g.kernelH() == 1 && g.kernelW() == 1 && g.strideH() == 1 && g.strideW() == 1
                && g.padH() == 0 && g.padW() == 0;
    }

    /** x: [N, C, H, W], w: [O, C/groups, kh, kw], bias: [O] or null → y: [N, O, outH, outW]. */
    static Tensor forward(Tensor X, Tensor W, Tensor bias, ConvGeometry g) {
        return new DenseConv2d(X.dim(0), W.dim(0), g).forward(X, W, bias);
    }

    /**
     * {∂x, ∂w} for gy: [N, O, outH, outW] (null where not wanted). ∂w is written into {@code gwInto} (W's
     * shape, any contents: every element is overwritten) when it is not null, else into a new tensor.
     */
    static Tensor[] backward(Tensor X, Tensor W, Tensor gy, ConvGeometry g, boolean wantX, boolean wantW, Tensor gwInto) {
        return new DenseConv2d(X.dim(0), W.dim(0), g).backward(X, W, gy, wantX, wantW, gwInto);
    }

    private int first(int blk) { return blk * block; }

    private int count(int blk) { return Math.min(block, n - blk * block); }

    /**
     * The column matrix of images [i0, i0 + b) for group {@code grp}, laid out [rows, b·p] in {@code cols}.
     * With b == 1 and a pointwise kernel it is x itself, so the returned offset indexes {@code x}.
     */
    private float[] columns(float[] xd, int xo, int i0, int b, int grp, float[] cols, int[] offOut) {
        if (pointwise && b == 1) {
            offOut[0] = xo + i0 * img + grp * rows * p;
            return xd;
        }
        offOut[0] = 0;
        if (b == 1) {
            Im2col.im2col(xd, xo + i0 * img, g, grp, cols, 0);
            return cols;
        }
        int ld = b * p;
        if (!pointwise && p <= Im2col.TINY_PLANE && Im2colPanels.supports(g)) { // row by row: tasks are channels
            Parallel.forEach(g.groupChannels(), c -> Im2col.im2colTinyBlock(xd, xo + i0 * img, b, g, grp, c, c + 1, cols, ld));
            return cols;
        }
        Parallel.forEach(b, j -> { // image j's columns are columns [j·p, (j + 1)·p) of the block (in parallel: see the class comment)
            if (pointwise) {
                int srcOff = xo + (i0 + j) * img + grp * rows * p;
                for (int r = 0; r < rows; r++) System.arraycopy(xd, srcOff + r * p, cols, r * ld + j * p, p);
            } else {
                Im2col.im2col(xd, xo + (i0 + j) * img, g, grp, cols, j * p, ld);
            }
        });
        return cols;
    }

    private Tensor forward(Tensor X, Tensor W, Tensor bias) {
        Tensor y = Tensor.empty(n, o, g.outHeight(), g.outWidth()); // every element is written (GEMMs with β = 0)
        float[] xd = X.data(), wd = W.data(), yd = y.data();
        int xo = X.offset(), wo = W.offset();
        if (ValidTapConvolution.pays(g)) { // small maps: the whole batch, without the padding's products
            ValidTapConvolution.of(g).forward(packTaps(wd, wo, false), xd, xo, n, yd, 0);
            if (bias != null) Parallel.forEach(n, i -> Conv2d.addBias(yd, i * o * p, bias, o, p));
            return y;
        }
        PackedA[] packedW = packPerGroup(wd, wo, og, rows); // once for all the blocks of images
        if (PaddedConvolution.pays(g)) { // the GEMM reads the padded image in place: one task per image
            PaddedConvolution direct = PaddedConvolution.of(g);
            Parallel.forEach(n, i -> {
                for (int grp = 0; grp < g.groups(); grp++) direct.forward(packedW[grp], xd, xo + i * img, grp, yd, (i * o + grp * og) * p);
                if (bias != null) Conv2d.addBias(yd, i * o * p, bias, o, p);
            });
            return y;
        }
        // implicit im2col where it applies: the GEMM packs its panels straight from x, never writing the columns
        Im2colPanels implicit = Im2colPanels.supports(g) ? Im2colPanels.of(g) : null;
        Parallel.forEach(blocks, blk -> {
            int i0 = first(blk), b = count(blk), ld = b * p;
            float[] cols = implicit != null ? null : Scratch.get(Scratch.COLS, rows * ld);
            float[] out = b == 1 ? null : Scratch.get(Scratch.OUT, og * ld);
            int[] off = new int[1];
            for (int grp = 0; grp < g.groups(); grp++) {
                // [og, b·p] = W_g [og, rows] · cols [rows, b·p]: straight into y for one image, else into out and
                // then scattered to the b images
                float[] dst = b == 1 ? yd : out;
                int dstAt = b == 1 ? (i0 * o + grp * og) * p : 0;
                if (implicit != null && !(pointwise && b == 1)) { // a pointwise image already is its column matrix
                    Gemm.sgemm(packedW[grp], ld, 1f, implicit.block(xd, xo, i0, b, grp), 0f, dst, dstAt, ld);
                } else {
                    float[] src = columns(xd, xo, i0, b, grp, cols, off);
                    Gemm.sgemm(packedW[grp], false, ld, 1f, src, off[0], ld, 0f, dst, dstAt, ld);
                }
                if (b == 1) continue;
                int gr = grp;
                Parallel.forEach(b, j -> {
                    for (int r = 0; r < og; r++) System.arraycopy(out, r * ld + j * p, yd, ((i0 + j) * o + gr * og + r) * p, p);
                });
            }
            if (bias != null) {
                for (int j = 0; j < b; j++) Conv2d.addBias(yd, (i0 + j) * o * p, bias, o, p);
            }
        });
        return y;
    }

    private Tensor[] backward(Tensor X, Tensor W, Tensor gy, boolean wantGx, boolean wantGw, Tensor gwInto) {
        // the input gradient as a transposed convolution where it applies, directly or by implicit im2col of gy
        ConvGeometry transposed = wantGx ? transposedGeometry() : null;
        // the transposed convolution and pointwise layers write every element of gx; col2im adds into it
        Tensor gx = !wantGx ? null : transposed != null || pointwise ? Tensor.empty(X.shape()) : Tensor.zeros(X.shape());
        // the first block of each chunk writes with β = 0 and the sum of the partials starts from zero, so the
        // storage may hold anything
        Tensor gw = !wantGw ? null : gwInto != null ? gwInto : Tensor.zeros(W.shape());
        float[] xd = X.data(), wd = W.data(), gyd = gy.data();
        int xo = X.offset(), wo = W.offset(), gyo = gy.offset(), wSize = W.numel();
        // small maps: the whole batch at once without the padding's products (ValidTapConvolution)
        boolean tapsW = wantGw && ValidTapConvolution.pays(g), tapsX = transposed != null && ValidTapConvolution.pays(transposed);
        if (tapsW) ValidTapConvolution.of(g).weightGradient(gyd, gyo, o, xd, xo, n, gw.data(), 0);
        if (tapsX) ValidTapConvolution.of(transposed).forward(packTaps(wd, wo, true), gyd, gyo, n, gx.data(), 0);
        // what is left for the blocks of images below
        boolean wantX = wantGx && !tapsX, wantW = wantGw && !tapsW;
        ConvGeometry t = wantX ? transposed : null;
        if (!wantX && !wantW) return new Tensor[] {gx, gw};
        int chunks = Math.min(blocks, WEIGHT_GRAD_CHUNKS);
        PaddedConvolution gyDirect = t != null && PaddedConvolution.pays(t) ? PaddedConvolution.of(t) : null;
        Im2colPanels gyPanels = t != null && gyDirect == null ? Im2colPanels.of(t) : null;
        // the input gradient's weights, packed once for all the blocks: flipped for the transposed convolution,
        // else W_gᵀ [rows, og] for ∂cols = W_gᵀ · gy_g
        PackedA[] packedWf = t != null ? packFlippedPerGroup(wd, wo)
                : wantX ? packPerGroup(true, wd, wo, rows, og) : null;
        // Where every chunk is one block of exactly KC columns, one GEMM over the whole batch gives the same
        // bits as the partial sums (one chain per block, folded in block order; only a sum of nothing but −0
        // stays −0 instead of 0 + −0 = +0) without writing and re-reading a partial gradient per chunk; its
        // tiles run in parallel.
        boolean wholeBatchW = wantW && chunks == blocks && chunks > 1 && block * p == Gemm.KC;
        if (wholeBatchW) weightGradientWholeBatch(xd, xo, gyd, gyo, gw.data());
        boolean chunkW = wantW && !wholeBatchW;
        // Few rows per kernel (a first layer's 1·3·3 = 9) and many output channels: each partial is computed as
        // its transpose, ∂W_gᵀ [rows, og] = cols · gy_gᵀ, whose rows fill one A panel, instead of a B panel of
        // NR columns with rows of them used (9 of 32: 4.2 ms against PyTorch's 1.4 for vgg-small's first layer).
        // fma(a, b, c) = fma(b, a, c), so every chain, and the gradient, keep their bits.
        boolean transposedW = chunkW && g.groups() == 1 && rows <= SMALL_ROWS && og >= 2 * rows;
        // gy and colsᵀ read from gy and a padded copy of the block's images; with channels in whole panels (VGG's
        // 32 to 512), colsᵀ read in place from a channels-last copy and the columns tap-major, [og, taps·cg], put
        // back in w's order when the partials are summed (see PaddedWeightGradient)
        PaddedWeightGradient padded = chunkW && !transposedW && PaddedWeightGradient.applies(g, pointwise, block)
                ? new PaddedWeightGradient(g, o, block, true) : null;
        boolean tapMajor = padded != null && padded.tapMajor();
        // a single chunk accumulates straight into the gradient; several (or a reordered one) need separate partials
        boolean reordered = transposedW || tapMajor;
        float[] partials = !chunkW ? null : chunks == 1 && !reordered ? gw.data() : Scratch.get(Scratch.PARTIALS, chunks * wSize);
        // gy of a block gathered as a matrix: for the weight gradient without offsets, and for col2im
        boolean wantGyBlock = (chunkW && padded == null) || (wantX && t == null);
        Parallel.forEach(chunks, chunk -> {
            int from = (int) ((long) chunk * blocks / chunks), to = (int) ((long) (chunk + 1) * blocks / chunks);
            int[] off = new int[1];
            for (int blk = from; blk < to; blk++) {
                int i0 = first(blk), b = count(blk), ld = b * p;
                float[] cols = chunkW && padded == null ? Scratch.get(Scratch.COLS, rows * ld) : null;
                float[] gyBlock = gyd;
                int gyLd = ld;
                float[] gathered = b == 1 ? null : Scratch.get(Scratch.OUT, og * ld);
                for (int grp = 0; grp < g.groups(); grp++) {
                    // gy of this block and group as a matrix [og, b·p]
                    int gyOff;
                    if (b == 1 || !wantGyBlock) {
                        gyBlock = gyd;
                        gyOff = gyo + (i0 * o + grp * og) * p;
                    } else {
                        int gr = grp;
                        Parallel.forEach(b, j -> {
                            for (int r = 0; r < og; r++) System.arraycopy(gyd, gyo + ((i0 + j) * o + gr * og + r) * p, gathered, r * ld + j * p, p);
                        });
                        gyBlock = gathered;
                        gyOff = 0;
                    }
                    if (chunkW) { // partial_W_g [og, rows] (+)= gy_g [og, b·p] · colsᵀ [b·p, rows]
                        float beta = blk == from ? 0f : 1f;
                        int at = (chunks == 1 && !reordered ? 0 : chunk * wSize) + grp * og * rows;
                        if (padded != null) { // columns tap-major if padded.tapMajor()
                            padded.multiply(xd, xo, gyd, gyo, i0, b, grp, beta, partials, at);
                        } else if (transposedW) { // partialᵀ [rows, og] (+)= cols [rows, b·p] · gyᵀ [b·p, og]
                            float[] src = columns(xd, xo, i0, b, grp, cols, off);
                            Gemm.sgemm(false, true, rows, og, ld, 1f, src, off[0], ld, gyBlock, gyOff, gyLd, beta, partials, at, og);
                        } else {
                            float[] src = columns(xd, xo, i0, b, grp, cols, off);
                            Gemm.sgemm(false, true, og, rows, ld, 1f, gyBlock, gyOff, gyLd, src, off[0], ld, beta, partials, at, rows);
                        }
                    }
                    if (wantX && gyDirect != null) {
                        int plane = g.height() * g.width();
                        for (int j = 0; j < b; j++) {
                            gyDirect.forward(packedWf[grp], gyd, gyo + (i0 + j) * o * p, grp, gx.data(), (i0 + j) * img + grp * g.groupChannels() * plane);
                        }
                    } else if (wantX && gyPanels != null) {
                        inputGradientAsConvolution(gyPanels, packedWf[grp], gyd, gyo, i0, b, grp, gx.data());
                    } else if (wantX) {
                        inputGradient(packedWf[grp], gyBlock, gyOff, ld, i0, b, grp, gx.data());
                    }
                }
            }
        });
        if (tapMajor) { // gw [og, C·taps] ← partials [og, taps·C]
            int taps = g.kernelH() * g.kernelW(), cg = g.groupChannels();
            sumReorderedPartials(partials, chunks, wSize, gw.data(), e -> e - e % rows + e % taps * cg + e % rows / taps);
        } else if (transposedW) { // gw [og, rows] ← partialsᵀ [rows, og] (one group)
            sumReorderedPartials(partials, chunks, wSize, gw.data(), e -> e % rows * og + e / rows);
        } else if (chunkW && chunks > 1) { // each element adds its partials in chunk order; spans of elements in parallel
            float[] gwd = gw.data();
            Parallel.forEach((wSize + REDUCE_SPAN - 1) / REDUCE_SPAN, span -> {
                int from = span * REDUCE_SPAN, len = Math.min(REDUCE_SPAN, wSize - from);
                Arrays.fill(gwd, from, from + len, 0f); // 0 + p0 + p1 + ..., as into new zeros (−0 partials become +0)
                for (int chunk = 0; chunk < chunks; chunk++) K.add(gwd, from, partials, chunk * wSize + from, gwd, from, len);
            });
        }
        return new Tensor[] {gx, gw};
    }

    /**
     * The weight gradient from partials laid out in another order: element e of gw is the sum, in chunk order,
     * of element {@code from(e)} of each chunk's partial ({@code 0 + p0 + p1 + ...}, as the other reduction;
     * one chunk: the partial itself). Spans of elements in parallel (element-wise: any split is exact).
     */
    private static void sumReorderedPartials(float[] partials, int chunks, int wSize, float[] gwd, IntUnaryOperator from) {
        Parallel.forEach((wSize + REDUCE_SPAN - 1) / REDUCE_SPAN, span -> {
            for (int e = span * REDUCE_SPAN, end = Math.min(wSize, e + REDUCE_SPAN); e < end; e++) {
                int at = from.applyAsInt(e);
                float sum = chunks == 1 ? partials[at] : 0f;
                for (int chunk = 0; chunks > 1 && chunk < chunks; chunk++) sum += partials[chunk * wSize + at];
                gwd[e] = sum;
            }
        });
    }

    /**
     * ∂W_g [og, rows] = gy_g [og, N·p] · colsᵀ [N·p, rows] for the whole batch in one GEMM per group, gy and
     * the columns gathered image after image (the layout of one block of N images).
     */
    private void weightGradientWholeBatch(float[] xd, int xo, float[] gyd, int gyo, float[] gwd) {
        int ld = n * p;
        if (PaddedWeightGradient.applies(g, pointwise, n)) { // channels first: the columns in w's order
            PaddedWeightGradient padded = new PaddedWeightGradient(g, o, n, false);
            for (int grp = 0; grp < g.groups(); grp++) padded.multiply(xd, xo, gyd, gyo, 0, n, grp, 0f, gwd, grp * og * rows);
            return;
        }
        float[] gyAll = Scratch.get(Scratch.OUT, og * ld), cols = Scratch.get(Scratch.COLS, rows * ld);
        int[] off = new int[1];
        for (int grp = 0; grp < g.groups(); grp++) {
            int gr = grp;
            Parallel.forEach(n, j -> {
                for (int r = 0; r < og; r++) System.arraycopy(gyd, gyo + (j * o + gr * og + r) * p, gyAll, r * ld + j * p, p);
            });
            float[] src = columns(xd, xo, 0, n, grp, cols, off);
            Gemm.sgemm(false, true, og, rows, ld, 1f, gyAll, 0, ld, src, off[0], ld, 0f, gwd, grp * og * rows, rows);
        }
    }

    /**
     * The weights as one packed matrix per kernel tap, for {@link ValidTapConvolution} (one group): for the
     * forward, tap t of every kernel, {@code W_t [O, C]} with {@code W_t[o][c] = w[o][c][t]}; for the input
     * gradient ({@code transposed}), tap t of the transposed convolution's flipped kernels,
     * {@code [C, O]} with {@code [c][o] = w[o][c][taps − 1 − t]}. Packed straight from w into this thread's tap
     * buffers: forward by column offsets, tap by tap; transposed in one pass for all taps ({@link Gemm#packTaps}),
     * because there the taps of one column are a run of w and a row panel's runs lie together
     * ({@code w[o][c0 .. c0 + MR][*]}): 512→512 3.2 ms against 4.4–9.5 ms for nine packings by column offsets
     * (gathers of 11 floats). Forward, the column offsets were as fast (2.4–4.7 ms against 3.0–3.7).
     */
    private PackedA[] packTaps(float[] wd, int wo, boolean transposed) {
        int c = g.channels(), taps = g.kernelH() * g.kernelW(), m = transposed ? c : o, k = transposed ? o : c;
        float[][] buffers = Scratch.taps(taps, Gemm.packedASize(m, k));
        if (transposed) return Gemm.packTaps(m, k, wd, wo + taps - 1, taps, c * taps, -1, Arrays.copyOf(buffers, taps)); // the thread may hold more buffers
        int[] colAt = new int[k];
        for (int j = 0; j < k; j++) colAt[j] = j * taps;
        PackedA[] packed = new PackedA[taps];
        for (int tap = 0; tap < taps; tap++) packed[tap] = Gemm.packA(m, k, wd, wo + tap, c * taps, colAt, buffers[tap]);
        return packed;
    }

    /**
     * The [m, k] matrix of each group ({@code w} from {@code wOff}, groups one after the other) packed once for
     * the GEMMs of every block of images; one group packs into this thread's scratch (no allocation per call).
     */
    private PackedA[] packPerGroup(float[] w, int wOff, int m, int k) { return packPerGroup(false, w, wOff, m, k); }

    /** As above for op(A) = the group's [k, m] matrix transposed when {@code transA}. */
    private PackedA[] packPerGroup(boolean transA, float[] w, int wOff, int m, int k) {
        PackedA[] packed = new PackedA[g.groups()];
        float[] buffer = g.groups() == 1 ? Scratch.get(Scratch.PACKED_W, Gemm.packedASize(m, k)) : null;
        for (int grp = 0; grp < g.groups(); grp++) packed[grp] = Gemm.packA(transA, m, k, w, wOff + grp * m * k, transA ? m : k, buffer);
        return packed;
    }

    /**
     * The geometry of the input gradient as a convolution of gy, or null where that does not apply. With
     * stride 1, {@code gx[c, y, x] = Σ_{o, ki, kj} w[o, c, ki, kj] · gy[o, y − ki·dh + ph, x − kj·dw + pw]}: a
     * stride-1 convolution of gy with the kernel flipped in both directions, channels in and out exchanged,
     * and padding {@code dil·(k − 1) − pad} (the transposed convolution; Dumoulin and Visin, "A guide to
     * convolution arithmetic for deep learning", 2016, §4.1). Computed that way (a GEMM whose panels are
     * packed straight from gy, or that reads a padded copy of gy in place), the input gradient needs neither the column-gradient matrix nor col2im's
     * nine scattered additions into gx. Applies to same-width, non-pointwise geometries.
     */
    private ConvGeometry transposedGeometry() {
        if (pointwise || !Im2colPanels.supports(g) || g.outHeight() < 1 || g.outWidth() < 1) return null;
        int padH = g.dilationH() * (g.kernelH() - 1) - g.padH(), padW = g.dilationW() * (g.kernelW() - 1) - g.padW();
        if (padH < 0 || padW < 0) return null; // padded beyond the kernel: some input rows get no gradient at all
        ConvGeometry t = new ConvGeometry(o, g.outHeight(), g.outWidth(), g.kernelH(), g.kernelW(), 1, 1, padH, padW,
                g.dilationH(), g.dilationW(), g.groups());
        boolean fits = Im2colPanels.supports(t) && t.outHeight() == g.height() && t.outWidth() == g.width();
        return fits ? t : null;
    }

    /**
     * w [O, C/groups, kh, kw] as the weights of the transposed convolution, packed straight from w: one
     * [C/groups, og·kh·kw] matrix per group, {@code wf_g[c][oo·taps + t] = w[grp·og + oo][c][taps − 1 − t]}
     * (kernel flipped). Row c of wf_g starts at c·taps in the group's weights and its columns are a fixed
     * permutation of offsets, so {@link Gemm#packA(int, int, float[], int, int, int[], float[])} packs it
     * in one pass. Writing wf first and packing it afterwards took 28% of the input gradient of vgg16's
     * 512→512 2×2 layers.
     */
    private PackedA[] packFlippedPerGroup(float[] wd, int wo) {
        int cg = g.groupChannels(), taps = g.kernelH() * g.kernelW(), k = og * taps;
        int[] colAt = new int[k];
        for (int oo = 0; oo < og; oo++) {
            for (int t = 0; t < taps; t++) colAt[oo * taps + t] = oo * cg * taps + taps - 1 - t;
        }
        PackedA[] packed = new PackedA[g.groups()];
        float[] buffer = g.groups() == 1 ? Scratch.get(Scratch.PACKED_W, Gemm.packedASize(cg, k)) : null;
        for (int grp = 0; grp < g.groups(); grp++) packed[grp] = Gemm.packA(cg, k, wd, wo + grp * og * cg * taps, taps, colAt, buffer);
        return packed;
    }

    /**
     * gx of images [i0, i0 + b), group grp, as the transposed convolution of gy (see {@link #transposedGeometry}):
     * {@code gx_g [cg, b·H·W] = wf_g [cg, og·taps] · cols(gy) [og·taps, b·H·W]}, straight into gx for one image.
     */
    private void inputGradientAsConvolution(Im2colPanels gyPanels, PackedA wf, float[] gyd, int gyo, int i0, int b, int grp,
                                            float[] gxd) {
        int cg = g.groupChannels(), plane = g.height() * g.width(), ld = b * plane;
        float[] dst = b == 1 ? gxd : Scratch.get(Scratch.DCOLS, cg * ld);
        int dstAt = b == 1 ? i0 * img + grp * cg * plane : 0;
        Gemm.sgemm(wf, ld, 1f, gyPanels.block(gyd, gyo, i0, b, grp), 0f, dst, dstAt, ld);
        if (b == 1) return;
        Parallel.forEach(b, j -> {
            for (int c = 0; c < cg; c++) System.arraycopy(dst, c * ld + j * plane, gxd, (i0 + j) * img + (grp * cg + c) * plane, plane);
        });
    }

    /**
     * gx of images [i0, i0 + b), group grp, from gy_g [og, b·p] at (gyBlock, gyOff) with row stride ld; {@code wT}
     * is W_gᵀ packed.
     */
    private void inputGradient(PackedA wT, float[] gyBlock, int gyOff, int ld, int i0, int b, int grp, float[] gxd) {
        if (pointwise && b == 1) { // gx_g [rows, p] = W_gᵀ [rows, og] · gy_g [og, p], straight into gx
            Gemm.sgemm(wT, false, p, 1f, gyBlock, gyOff, ld, 0f, gxd, i0 * img + grp * rows * p, p);
            return;
        }
        float[] dcols = Scratch.get(Scratch.DCOLS, rows * ld);
        Gemm.sgemm(wT, false, ld, 1f, gyBlock, gyOff, ld, 0f, dcols, 0, ld);
        if (b == 1) {
            Im2col.col2im(dcols, 0, g, grp, gxd, i0 * img);
            return;
        }
        Parallel.forEach(b, j -> {
            if (pointwise) {
                for (int r = 0; r < rows; r++) System.arraycopy(dcols, r * ld + j * p, gxd, (i0 + j) * img + (grp * rows + r) * p, p);
            } else {
                Im2col.col2im(dcols, j * p, ld, g, grp, gxd, (i0 + j) * img);
            }
        });
    }
}
