package dev.shears.tensor.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MicroKernel} on the incubating Vector API: an 11×(2·lanes) register block, 11×32 with
 * 512-bit vectors. Each step of k loads 2 vectors of the B panel, broadcasts the 11 values of the A panel
 * one at a time, and applies 22 fused multiply-adds to 22 accumulators: the rank-1 update of the BLIS
 * micro-kernel (Van Zee &amp; van de Geijn 2015; Goto &amp; van de Geijn 2008).
 *
 * <p>The 22 accumulators, 2 B vectors and the broadcasts take 25 to 26 of the 32 AVX-512 registers, but
 * C2 (JDK 17) hoists several broadcasts ahead of their multiply-adds and usually spills one accumulator
 * (seen in the disassembly). What measurably helps: the k loop's trip count is visibly bounded by
 * {@link #MAX_KC} (under C2's loop strip-mining threshold, so no outer loop with a safepoint poll); every
 * index is linear in the loop counter, so all range checks are hoisted; the accumulators start from the
 * first product rather than from a shared zero vector. Unrolling the loop by hand, two steps per trip,
 * measured 10% faster while the write-back still boxed its vectors (see below), but only 0-2% once it did
 * not (SGEMM 1024²: 117 against 119 GFLOPS; 2048²: 123 both), so the loop stays one step per trip. Other
 * shapes (10 or 12 rows, 3 or 4 vectors per row) were no better. gcc's code for the same block reaches
 * about 178 GFLOPS against this kernel's 132-136 alone, the gap being C2's scheduling
 * and index arithmetic. With 256-bit vectors (AVX2, 16 registers) the block spills badly; that platform
 * would want a smaller kernel.
 *
 * <p>The write-back never passes a vector to another method: this method's graph is large enough that C2
 * stops inlining ordinary calls in it ({@code NodeCountInliningCutoff} in {@code -XX:+PrintInlining}), and
 * a vector passed to an out-of-line call is boxed on the heap. A {@code store(vector, ...)} helper cost
 * single-thread SGEMM a fifth of its speed (98 against about 121 GFLOPS at n = 1024) and collapsed it tenfold
 * for some depths and on JDK 25. The accumulators are stored with {@code intoArray} instead, straight into
 * C when {@code beta == 0}, otherwise into a per-thread scratch block that {@code fold} adds into C.
 * Writing the full rule out inline (66 more vector operations) was no faster under C2, and made the method
 * too big for C1 ("out of virtual registers"), and a kernel stuck at C1's tier 2 boxes every vector:
 * training ran 30 times slower.
 *
 * <p>{@link #multiplyRows} is the same kernel with the B panel's rows read in place (a direct convolution's
 * shifted image rows): one index load and two range-checked vector loads per step instead of two loads at
 * offsets linear in the loop counter. It repeats the body of {@link #multiply} rather than sharing it,
 * because a shared body would have to take its B addressing as a parameter, and the write-back cannot be
 * moved out (above).
 *
 * <p>Each lane runs exactly the scalar chain of the {@link MicroKernel} contract, so results equal
 * {@link ScalarMicroKernel} bitwise. Load only through
 * {@link dev.shears.tensor.kernels.KernelProvider#vectorOr}: this class links {@code jdk.incubator.vector}.
 */
public final class VectorMicroKernel implements MicroKernel {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = 11;
    private static final int NR = 2 * L;

    /** Public and argument-free for reflective loading. */
    public VectorMicroKernel() {}

    @Override public String name() { return "vector-" + MR + "x" + NR; }

    @Override public int mr() { return MR; }

    @Override public int nr() { return NR; }

    @Override public void multiply(int kc, float[] a, int aOff, float[] b, int bOff,
                                   float alpha, float beta, float[] c, int cOff, int ldc) {
        if (kc < 1 || kc > MAX_KC) throw new IllegalArgumentException("kc must be in [1, " + MAX_KC + "], got " + kc);
        FloatVector x;
        FloatVector b0 = FloatVector.fromArray(S, b, bOff);
        FloatVector b1 = FloatVector.fromArray(S, b, bOff + L);
        x = FloatVector.broadcast(S, a[aOff]);
        FloatVector c0_0 = b0.mul(x), c0_1 = b1.mul(x);
        x = FloatVector.broadcast(S, a[aOff + 1]);
        FloatVector c1_0 = b0.mul(x), c1_1 = b1.mul(x);
        x = FloatVector.broadcast(S, a[aOff + 2]);
        FloatVector c2_0 = b0.mul(x), c2_1 = b1.mul(x);
        x = FloatVector.broadcast(S, a[aOff + 3]);
        FloatVector c3_0 = b0.mul(x), c3_1 = b1.mul(x);
        x = FloatVector.broadcast(S, a[aOff + 4]);
        FloatVector c4_0 = b0.mul(x), c4_1 = b1.mul(x);
        x = FloatVector.broadcast(S, a[aOff + 5]);
        FloatVector c5_0 = b0.mul(x), c5_1 = b1.mul(x);
        x = FloatVector.broadcast(S, a[aOff + 6]);
        FloatVector c6_0 = b0.mul(x), c6_1 = b1.mul(x);
        x = FloatVector.broadcast(S, a[aOff + 7]);
        FloatVector c7_0 = b0.mul(x), c7_1 = b1.mul(x);
        x = FloatVector.broadcast(S, a[aOff + 8]);
        FloatVector c8_0 = b0.mul(x), c8_1 = b1.mul(x);
        x = FloatVector.broadcast(S, a[aOff + 9]);
        FloatVector c9_0 = b0.mul(x), c9_1 = b1.mul(x);
        x = FloatVector.broadcast(S, a[aOff + 10]);
        FloatVector c10_0 = b0.mul(x), c10_1 = b1.mul(x);
        // Indices stay linear in p so the range checks are hoisted.
        final int steps = Math.min(kc, MAX_KC);
        for (int p = 1; p < steps; p++) {
            b0 = FloatVector.fromArray(S, b, bOff + p * NR);
            b1 = FloatVector.fromArray(S, b, bOff + p * NR + L);
            x = FloatVector.broadcast(S, a[aOff + p * MR + 0]);
            c0_0 = b0.fma(x, c0_0); c0_1 = b1.fma(x, c0_1);
            x = FloatVector.broadcast(S, a[aOff + p * MR + 1]);
            c1_0 = b0.fma(x, c1_0); c1_1 = b1.fma(x, c1_1);
            x = FloatVector.broadcast(S, a[aOff + p * MR + 2]);
            c2_0 = b0.fma(x, c2_0); c2_1 = b1.fma(x, c2_1);
            x = FloatVector.broadcast(S, a[aOff + p * MR + 3]);
            c3_0 = b0.fma(x, c3_0); c3_1 = b1.fma(x, c3_1);
            x = FloatVector.broadcast(S, a[aOff + p * MR + 4]);
            c4_0 = b0.fma(x, c4_0); c4_1 = b1.fma(x, c4_1);
            x = FloatVector.broadcast(S, a[aOff + p * MR + 5]);
            c5_0 = b0.fma(x, c5_0); c5_1 = b1.fma(x, c5_1);
            x = FloatVector.broadcast(S, a[aOff + p * MR + 6]);
            c6_0 = b0.fma(x, c6_0); c6_1 = b1.fma(x, c6_1);
            x = FloatVector.broadcast(S, a[aOff + p * MR + 7]);
            c7_0 = b0.fma(x, c7_0); c7_1 = b1.fma(x, c7_1);
            x = FloatVector.broadcast(S, a[aOff + p * MR + 8]);
            c8_0 = b0.fma(x, c8_0); c8_1 = b1.fma(x, c8_1);
            x = FloatVector.broadcast(S, a[aOff + p * MR + 9]);
            c9_0 = b0.fma(x, c9_0); c9_1 = b1.fma(x, c9_1);
            x = FloatVector.broadcast(S, a[aOff + p * MR + 10]);
            c10_0 = b0.fma(x, c10_0); c10_1 = b1.fma(x, c10_1);
        }
        // Write-back. The accumulators are only ever stored with intoArray (force-inlined, so never boxed)
        // and the contract's rule is applied afterwards by a method that takes arrays; see the class comment.
        // beta == 0 overwrites, so ab goes straight to C; otherwise to a scratch block that fold adds into C.
        boolean overwrite = beta == 0f;
        float[] t = overwrite ? c : BLOCK.get();
        int o = overwrite ? cOff : 0, ld = overwrite ? ldc : NR;
        c0_0.intoArray(t, o + 0 * ld); c0_1.intoArray(t, o + 0 * ld + L);
        c1_0.intoArray(t, o + 1 * ld); c1_1.intoArray(t, o + 1 * ld + L);
        c2_0.intoArray(t, o + 2 * ld); c2_1.intoArray(t, o + 2 * ld + L);
        c3_0.intoArray(t, o + 3 * ld); c3_1.intoArray(t, o + 3 * ld + L);
        c4_0.intoArray(t, o + 4 * ld); c4_1.intoArray(t, o + 4 * ld + L);
        c5_0.intoArray(t, o + 5 * ld); c5_1.intoArray(t, o + 5 * ld + L);
        c6_0.intoArray(t, o + 6 * ld); c6_1.intoArray(t, o + 6 * ld + L);
        c7_0.intoArray(t, o + 7 * ld); c7_1.intoArray(t, o + 7 * ld + L);
        c8_0.intoArray(t, o + 8 * ld); c8_1.intoArray(t, o + 8 * ld + L);
        c9_0.intoArray(t, o + 9 * ld); c9_1.intoArray(t, o + 9 * ld + L);
        c10_0.intoArray(t, o + 10 * ld); c10_1.intoArray(t, o + 10 * ld + L);
        if (!overwrite) {
            fold(t, alpha, beta, c, cOff, ldc);
        } else if (alpha != 1f) {
            scale(c, cOff, ldc, alpha);
        }
    }

    @Override public void multiplyRows(int kc, float[] a, int aOff, float[] b, int[] rowAt, int rowOff, int col,
                                       float alpha, float beta, float[] c, int cOff, int ldc) {
        if (kc < 1 || kc > MAX_KC) throw new IllegalArgumentException("kc must be in [1, " + MAX_KC + "], got " + kc);
        FloatVector x;
        int row = rowAt[rowOff] + col;
        FloatVector b0 = FloatVector.fromArray(S, b, row);
        FloatVector b1 = FloatVector.fromArray(S, b, row + L);
        x = FloatVector.broadcast(S, a[aOff]);
        FloatVector c0_0 = b0.mul(x), c0_1 = b1.mul(x);
        x = FloatVector.broadcast(S, a[aOff + 1]);
        FloatVector c1_0 = b0.mul(x), c1_1 = b1.mul(x);
        x = FloatVector.broadcast(S, a[aOff + 2]);
        FloatVector c2_0 = b0.mul(x), c2_1 = b1.mul(x);
        x = FloatVector.broadcast(S, a[aOff + 3]);
        FloatVector c3_0 = b0.mul(x), c3_1 = b1.mul(x);
        x = FloatVector.broadcast(S, a[aOff + 4]);
        FloatVector c4_0 = b0.mul(x), c4_1 = b1.mul(x);
        x = FloatVector.broadcast(S, a[aOff + 5]);
        FloatVector c5_0 = b0.mul(x), c5_1 = b1.mul(x);
        x = FloatVector.broadcast(S, a[aOff + 6]);
        FloatVector c6_0 = b0.mul(x), c6_1 = b1.mul(x);
        x = FloatVector.broadcast(S, a[aOff + 7]);
        FloatVector c7_0 = b0.mul(x), c7_1 = b1.mul(x);
        x = FloatVector.broadcast(S, a[aOff + 8]);
        FloatVector c8_0 = b0.mul(x), c8_1 = b1.mul(x);
        x = FloatVector.broadcast(S, a[aOff + 9]);
        FloatVector c9_0 = b0.mul(x), c9_1 = b1.mul(x);
        x = FloatVector.broadcast(S, a[aOff + 10]);
        FloatVector c10_0 = b0.mul(x), c10_1 = b1.mul(x);
        // A and rowAt are indexed linearly in p (range checks hoisted); each B row costs its own two checks.
        final int steps = Math.min(kc, MAX_KC);
        for (int p = 1; p < steps; p++) {
            row = rowAt[rowOff + p] + col;
            b0 = FloatVector.fromArray(S, b, row);
            b1 = FloatVector.fromArray(S, b, row + L);
            x = FloatVector.broadcast(S, a[aOff + p * MR + 0]);
            c0_0 = b0.fma(x, c0_0); c0_1 = b1.fma(x, c0_1);
            x = FloatVector.broadcast(S, a[aOff + p * MR + 1]);
            c1_0 = b0.fma(x, c1_0); c1_1 = b1.fma(x, c1_1);
            x = FloatVector.broadcast(S, a[aOff + p * MR + 2]);
            c2_0 = b0.fma(x, c2_0); c2_1 = b1.fma(x, c2_1);
            x = FloatVector.broadcast(S, a[aOff + p * MR + 3]);
            c3_0 = b0.fma(x, c3_0); c3_1 = b1.fma(x, c3_1);
            x = FloatVector.broadcast(S, a[aOff + p * MR + 4]);
            c4_0 = b0.fma(x, c4_0); c4_1 = b1.fma(x, c4_1);
            x = FloatVector.broadcast(S, a[aOff + p * MR + 5]);
            c5_0 = b0.fma(x, c5_0); c5_1 = b1.fma(x, c5_1);
            x = FloatVector.broadcast(S, a[aOff + p * MR + 6]);
            c6_0 = b0.fma(x, c6_0); c6_1 = b1.fma(x, c6_1);
            x = FloatVector.broadcast(S, a[aOff + p * MR + 7]);
            c7_0 = b0.fma(x, c7_0); c7_1 = b1.fma(x, c7_1);
            x = FloatVector.broadcast(S, a[aOff + p * MR + 8]);
            c8_0 = b0.fma(x, c8_0); c8_1 = b1.fma(x, c8_1);
            x = FloatVector.broadcast(S, a[aOff + p * MR + 9]);
            c9_0 = b0.fma(x, c9_0); c9_1 = b1.fma(x, c9_1);
            x = FloatVector.broadcast(S, a[aOff + p * MR + 10]);
            c10_0 = b0.fma(x, c10_0); c10_1 = b1.fma(x, c10_1);
        }
        // Write-back: as in multiply (vectors cannot be handed to a shared method without being boxed).
        boolean overwrite = beta == 0f;
        float[] t = overwrite ? c : BLOCK.get();
        int o = overwrite ? cOff : 0, ld = overwrite ? ldc : NR;
        c0_0.intoArray(t, o + 0 * ld); c0_1.intoArray(t, o + 0 * ld + L);
        c1_0.intoArray(t, o + 1 * ld); c1_1.intoArray(t, o + 1 * ld + L);
        c2_0.intoArray(t, o + 2 * ld); c2_1.intoArray(t, o + 2 * ld + L);
        c3_0.intoArray(t, o + 3 * ld); c3_1.intoArray(t, o + 3 * ld + L);
        c4_0.intoArray(t, o + 4 * ld); c4_1.intoArray(t, o + 4 * ld + L);
        c5_0.intoArray(t, o + 5 * ld); c5_1.intoArray(t, o + 5 * ld + L);
        c6_0.intoArray(t, o + 6 * ld); c6_1.intoArray(t, o + 6 * ld + L);
        c7_0.intoArray(t, o + 7 * ld); c7_1.intoArray(t, o + 7 * ld + L);
        c8_0.intoArray(t, o + 8 * ld); c8_1.intoArray(t, o + 8 * ld + L);
        c9_0.intoArray(t, o + 9 * ld); c9_1.intoArray(t, o + 9 * ld + L);
        c10_0.intoArray(t, o + 10 * ld); c10_1.intoArray(t, o + 10 * ld + L);
        if (!overwrite) {
            fold(t, alpha, beta, c, cOff, ldc);
        } else if (alpha != 1f) {
            scale(c, cOff, ldc, alpha);
        }
    }

    /**
     * Packs an A panel with vector copies; edge panels (fewer than MR rows) go to {@link PanelPacking#packA}.
     * <ul>
     *   <li>op(A) = A: rows of A become columns of the panel. For each step of k, one gather reads the
     *       panel's MR values, {@code lda} apart, and one store writes them contiguously. The scalar copy
     *       writes with stride MR and cost a twentieth of a training step in the weight gradients, whose k is
     *       the batch's pixel count.</li>
     *   <li>op(A) = Aᵀ (the input gradient of a convolution, Wᵀ·gY): each step of k is a contiguous run of
     *       MR floats, copied by one vector load and store. {@code System.arraycopy} of 11 floats per step
     *       costs more than the copy itself: SGEMM 4608×256×512 ran at 80 GFLOPS against 112 untransposed.
     *       The load reads L − MR floats past the run, so steps too close to the end of {@code a} are copied
     *       by scalar code.</li>
     * </ul>
     * Masked loads, gathers and stores are not intrinsified by JDK 17 (they ran a thousand times slower), so
     * both fill all lanes (the gather repeats the last row) and each store spills past its MR floats into
     * the next step's, which that step then overwrites; the last step is copied by scalar code so nothing
     * past the panel is touched (another thread may be packing the next panel).
     */
    @Override public void packA(boolean transA, float[] a, int aOff, int lda, int i0, int rows, int p0, int kc,
                                float[] dst, int dstOff) {
        if (rows != MR || L < MR) {
            PanelPacking.packA(transA, a, aOff, lda, i0, rows, p0, kc, MR, dst, dstOff);
            return;
        }
        if (transA) {
            int base = aOff + p0 * lda + i0;
            // steps whose L-float load stays inside a: base + p·lda + L <= a.length; never the last step
            int room = a.length - L - base;
            int vectorSteps = room < 0 ? 0 : Math.min(kc - 1, room / Math.max(lda, 1) + 1);
            int p = 0;
            for (; p < vectorSteps; p++) FloatVector.fromArray(S, a, base + p * lda).intoArray(dst, dstOff + p * MR);
            for (; p < kc; p++) System.arraycopy(a, base + p * lda, dst, dstOff + p * MR, MR);
            return;
        }
        int[] map = MAP.get(); // rewritten in full: no allocation per panel
        for (int r = 0; r < L; r++) map[r] = Math.min(r, MR - 1) * lda;
        int base = aOff + i0 * lda + p0;
        int p = 0;
        for (; p < kc - 1; p++) FloatVector.fromArray(S, a, base + p, map, 0).intoArray(dst, dstOff + p * MR);
        for (int r = 0; r < MR; r++) dst[dstOff + p * MR + r] = a[base + p + r * lda];
    }

    /**
     * {@link PanelPacking#packAColumns} with one gather per step of k: the MR rows at {@code lda} apart from
     * that column's offset (lanes past MR repeat the last row; each store spills into the next step's floats,
     * which that step overwrites, and the last step is copied by scalar code, as in {@link #packA}). The
     * scalar copy of 11 floats per step took a quarter of the input gradient of vgg16's 2×2 layers.
     */
    @Override public void packAColumns(float[] a, int aOff, int lda, int[] colAt, int i0, int rows, int p0, int kc,
                                       float[] dst, int dstOff) {
        if (rows != MR || L < MR || kc == 0) {
            PanelPacking.packAColumns(a, aOff, lda, colAt, i0, rows, p0, kc, MR, dst, dstOff);
            return;
        }
        int[] map = MAP.get(); // rewritten in full: no allocation per panel
        for (int r = 0; r < L; r++) map[r] = Math.min(r, MR - 1) * lda;
        int rowBase = aOff + i0 * lda, p = 0;
        for (; p < kc - 1; p++) FloatVector.fromArray(S, a, rowBase + colAt[p0 + p], map, 0).intoArray(dst, dstOff + p * MR);
        int s = rowBase + colAt[p0 + p];
        for (int r = 0; r < MR; r++) dst[dstOff + p * MR + r] = a[s + r * lda];
    }

    /**
     * Packs a B panel with vector copies; edge panels (fewer than NR columns) go to {@link PanelPacking#packB}.
     * <ul>
     *   <li>op(B) = Bᵀ: rows of B become columns of the panel. For each step of k, two gathers read the
     *       panel's NR values, {@code ldb} apart, and two stores write them contiguously. The scalar copy
     *       writes with stride NR and cost an eighth of a vgg-small training step in the weight gradients.</li>
     *   <li>op(B) = B: each step of k is a contiguous run of NR = 2·L floats, two vector loads and stores
     *       (no call to {@code System.arraycopy} per step).</li>
     * </ul>
     */
    @Override public void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int cols,
                                float[] dst, int dstOff) {
        if (cols != NR) {
            PanelPacking.packB(transB, b, bOff, ldb, p0, kc, j0, cols, NR, dst, dstOff);
            return;
        }
        if (!transB) {
            int base = bOff + p0 * ldb + j0;
            for (int p = 0; p < kc; p++) {
                FloatVector.fromArray(S, b, base + p * ldb).intoArray(dst, dstOff + p * NR);
                FloatVector.fromArray(S, b, base + p * ldb + L).intoArray(dst, dstOff + p * NR + L);
            }
            return;
        }
        int[] map = MAP.get(); // rewritten in full: no allocation per panel
        for (int j = 0; j < L; j++) map[j] = j * ldb;
        int base0 = bOff + j0 * ldb + p0, base1 = base0 + L * ldb;
        for (int p = 0; p < kc; p++) {
            FloatVector.fromArray(S, b, base0 + p, map, 0).intoArray(dst, dstOff + p * NR);
            FloatVector.fromArray(S, b, base1 + p, map, 0).intoArray(dst, dstOff + p * NR + L);
        }
    }

    /**
     * {@link PanelPacking#packBOffsets} with two gathers per step of k, their index maps the panel's column
     * offsets themselves. Read from a zero-padded image (a weight gradient's transposed column matrix), the
     * NR values of a step lie in a few cache lines that the next steps read again; gathered from the
     * column matrix written out, they lay in NR rows 4 KiB apart.
     */
    @Override public void packBOffsets(float[] b, int bOff, int[] rowAt, int[] colAt, int p0, int kc, int j0, int cols,
                                       float[] dst, int dstOff) {
        if (cols != NR) {
            PanelPacking.packBOffsets(b, bOff, rowAt, colAt, p0, kc, j0, cols, NR, dst, dstOff);
            return;
        }
        for (int p = 0; p < kc; p++) {
            int base = bOff + rowAt[p0 + p], d = dstOff + p * NR;
            FloatVector.fromArray(S, b, base, colAt, j0).intoArray(dst, d);
            FloatVector.fromArray(S, b, base, colAt, j0 + L).intoArray(dst, d + L);
        }
    }

    /** Per-thread MR×NR scratch block for the accumulating write-back. */
    private static final ThreadLocal<float[]> BLOCK = ThreadLocal.withInitial(() -> new float[MR * NR]);

    /** Per-thread gather index map of the packing methods. */
    private static final ThreadLocal<int[]> MAP = ThreadLocal.withInitial(() -> new int[L]);

    /** {@code C = alpha·ab} in place, where C holds ab: the contract's rule for {@code beta == 0}. */
    private static void scale(float[] c, int cOff, int ldc, float alpha) {
        for (int r = 0; r < MR; r++) {
            for (int j = 0; j < NR; j += L) {
                FloatVector.fromArray(S, c, cOff + r * ldc + j).mul(alpha).intoArray(c, cOff + r * ldc + j);
            }
        }
    }

    /** {@code C = fma(alpha, ab, beta·C)} lane by lane, ab read from the scratch block {@code t}. */
    private static void fold(float[] t, float alpha, float beta, float[] c, int cOff, int ldc) {
        FloatVector va = FloatVector.broadcast(S, alpha);
        for (int r = 0; r < MR; r++) {
            for (int j = 0; j < NR; j += L) {
                int ci = cOff + r * ldc + j;
                FloatVector.fromArray(S, t, r * NR + j).fma(va, FloatVector.fromArray(S, c, ci).mul(beta)).intoArray(c, ci);
            }
        }
    }
}
