package dev.shears.tensor.gemm;

import dev.shears.tensor.Parallel;
import java.util.function.IntConsumer;

/**
 * The blocked SGEMM engine of Goto &amp; van de Geijn (2008), "Anatomy of high-performance matrix
 * multiplication", ACM TOMS 34(3), with the loop structure of BLIS (Van Zee &amp; van de Geijn 2015):
 * <pre>
 *   for jc in steps of NC:                      columns of C
 *     for kb in steps of KB:                    a long slice of k
 *       pack op(B)[kb, jc] into NR-column panels          (once, shared by all threads)
 *       for ic in steps of MC:                  rows of C
 *         pack op(A)[ic, kb] into MR-row panels           (once, shared by all threads)
 *         parallel for each output tile (TM × TN of C):
 *           copy the tile of C into a buffer of contiguous MR×NR blocks
 *           for pc in steps of KC within kb:    the fixed k blocks of {@link Gemm#KC}
 *             for each NR-column panel of B:    (its KC×NR part stays in L1 ...)
 *               for each MR-row panel of A:     (... while the KC×MR parts stream from L2)
 *                 micro-kernel on one MR×NR block of the buffer
 *           copy the buffer back into C
 * </pre>
 * Packing and the tile loop each run as one {@link Parallel#forEach} whose task count is fixed by the
 * matrix sizes and the kernel shape, never by the thread count (small products run the same tasks on the
 * calling thread). Packing a long slice {@code KB} of k at once, rather than one {@code KC} block per
 * round as in BLIS, keeps the number of barriers per call small (two per A block) and lets each output
 * tile stay in L2 across its k blocks; the price is larger packing buffers (at most MC×KB + KB×NC
 * floats, 12 MiB, per calling thread, reused across calls).
 *
 * <p><b>Determinism.</b> Every element of C is produced by the same operations in the same order however
 * the work is split: one fused multiply-add chain per KC block, blocks folded into C in increasing k by
 * the write-back rule of {@link MicroKernel}. A task owns its tile of C and walks its k blocks in order;
 * tiles are disjoint; successive {@code kb} slices are separated by the barrier at the end of each
 * {@code forEach}. The result therefore depends only on {@link Gemm#KC}: it equals {@link ReferenceGemm}
 * bitwise for any thread count, any tile shape and either micro-kernel. (The task partition is
 * nevertheless fixed by the problem, as {@link Parallel} asks.)
 *
 * <p>Cache sizes assumed (Sapphire Rapids: 48 KiB L1d, 2 MiB L2 per core): a KC×NR B panel (32 KiB for
 * 256×32) stays in L1 while the 11 KiB KC×MR A panels of a tile stream from L2; a tile's A slice
 * (TM×KC, 88 KiB) and C buffer (TM×TN, 88 KiB) stay in L2. The buffer matters for wide matrices: the MR
 * rows of a block of C itself lie {@code ldc} floats apart, which for {@code ldc} a multiple of 1024 puts
 * them all in the same cache sets, and the micro-kernel reads and writes its block once per k block.
 */
final class BlockedGemm {

    /** Rows of a packed A block; rounded up to a multiple of MR. */
    private static final int MC = 1024;
    /** Columns of a packed B block; rounded up to a multiple of NR. */
    static final int NC = 2048;
    /** Depth of a packed slice of k, a multiple of {@link Gemm#KC}. */
    static final int KB = 4 * Gemm.KC;
    /** A parallel task covers TILE_PANELS_M × TILE_PANELS_N micro-blocks of C. */
    static final int TILE_PANELS_M = 8;
    static final int TILE_PANELS_N = 8;
    /** Panels packed per packing task. */
    static final int PACK_PANELS = 4;
    /**
     * Below this many multiply-adds (about 50 µs of work) the tasks run on the calling thread: waking the
     * pool would cost as much as it saves. The tasks and their order of operations are the same.
     */
    static final long PARALLEL_MIN = 1L << 22;
    /** Below this many floats {@link #packA} packs on the calling thread. */
    private static final long PACK_PARALLEL_MIN = 1L << 16;

    /** Per-thread reusable buffers: the packed blocks of a call (owned by the calling thread) and a task's tile of C. */
    static final class Scratch {
        float[] a = new float[0];
        float[] b = new float[0];
        float[] tile = new float[0];
    }

    static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private BlockedGemm() {}

    static void sgemm(MicroKernel kernel, boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        sgemm(kernel, transA, m, n, k, alpha, a, aOff, lda, null, matrixB(kernel, transB, b, bOff, ldb), beta, c, cOff, ldc);
    }

    /** op(B) stored as a matrix, packed by the kernel's {@link MicroKernel#packB}. */
    static PackedB matrixB(MicroKernel kernel, boolean transB, float[] b, int bOff, int ldb) {
        return (p0, kc, j0, cols, nr, dst, dstOff) -> kernel.packB(transB, b, bOff, ldb, p0, kc, j0, cols, dst, dstOff);
    }

    /** {@link #sgemm} with op(A) packed beforehand ({@link #packA}). */
    static void sgemm(MicroKernel kernel, PackedA a, int n, float alpha, PackedB packB, float beta, float[] c, int cOff, int ldc) {
        if (a.mr != kernel.mr()) throw new IllegalArgumentException("sgemm: A packed for MR " + a.mr + ", kernel has " + kernel.mr());
        sgemm(kernel, false, a.m, n, a.k, alpha, null, 0, 0, a, packB, beta, c, cOff, ldc);
    }

    /**
     * Packs op(A) (m×k) whole, in the layout of {@link PackedA}: the panels this engine would pack for each
     * block, slice of k by slice of k. Panels are packed in parallel (a copy: any split gives the same array).
     */
    static PackedA packA(MicroKernel kernel, boolean transA, int m, int k, float[] a, int aOff, int lda, float[] into) {
        return packA(kernel, m, k, (i0, rows, p0, kc, dst, dstOff) -> kernel.packA(transA, a, aOff, lda, i0, rows, p0, kc, dst, dstOff), into);
    }

    /** Writes one MR-row panel: rows {@code [i0, i0 + rows)}, columns {@code [p0, p0 + kc)} of A, zero rows after. */
    interface PanelSource {
        void pack(int i0, int rows, int p0, int kc, float[] dst, int dstOff);
    }

    /** {@link #packA} with the panels written by {@code source}. */
    static PackedA packA(MicroKernel kernel, int m, int k, PanelSource source, float[] into) {
        final int mr = kernel.mr(), size = PackedA.size(m, k, mr), panels = ceilDiv(m, mr), tasksPerSlice = ceilDiv(panels, PACK_PANELS);
        float[] data = into != null && into.length >= size ? into : new float[size];
        PackedA packed = new PackedA(data, m, k, mr);
        run((long) m * k >= PACK_PARALLEL_MIN, ceilDiv(k, KB) * tasksPerSlice, t -> {
            int kb = t / tasksPerSlice * KB, kbLen = Math.min(KB, k - kb);
            for (int q = t % tasksPerSlice * PACK_PANELS, qe = Math.min(panels, q + PACK_PANELS); q < qe; q++) {
                source.pack(q * mr, Math.min(mr, m - q * mr), kb, kbLen, data, packed.blockOffset(kb, kbLen, q * mr));
            }
        });
        return packed;
    }

    /**
     * Packs the matrices {@code A_t[i][p] = a[aOff + i·lda + p·colStride + t·tapStep]} ({@code t < into.length},
     * each m×k) whole, in the layout of {@link PackedA}, in one pass over {@code a}
     * ({@link PanelPacking#packTaps}); panels in parallel as in {@link #packA}.
     */
    static PackedA[] packTaps(MicroKernel kernel, int m, int k, float[] a, int aOff, int lda, int colStride, int tapStep, float[][] into) {
        final int mr = kernel.mr(), size = PackedA.size(m, k, mr), panels = ceilDiv(m, mr), tasksPerSlice = ceilDiv(panels, PACK_PANELS);
        PackedA[] packed = new PackedA[into.length];
        float[][] data = new float[into.length][];
        for (int t = 0; t < into.length; t++) {
            data[t] = into[t] != null && into[t].length >= size ? into[t] : new float[size];
            packed[t] = new PackedA(data[t], m, k, mr);
        }
        if (into.length == 0) return packed;
        run((long) m * k * into.length >= PACK_PARALLEL_MIN, ceilDiv(k, KB) * tasksPerSlice, t -> {
            int kb = t / tasksPerSlice * KB, kbLen = Math.min(KB, k - kb);
            for (int q = t % tasksPerSlice * PACK_PANELS, qe = Math.min(panels, q + PACK_PANELS); q < qe; q++) {
                PanelPacking.packTaps(a, aOff, lda, colStride, tapStep, q * mr, Math.min(mr, m - q * mr), kb, kbLen, mr, data,
                        packed[0].blockOffset(kb, kbLen, q * mr));
            }
        });
        return packed;
    }

    private static void sgemm(MicroKernel kernel, boolean transA, int m, int n, int k, float alpha,
                              float[] a, int aOff, int lda, PackedA pre, PackedB packB, float beta, float[] c, int cOff, int ldc) {
        final int mr = kernel.mr(), nr = kernel.nr();
        final int mcMax = roundUp(Math.min(MC, m), mr), ncMax = roundUp(Math.min(NC, n), nr);
        final int kbMax = Math.min(KB, k);
        Scratch s = SCRATCH.get();
        if (pre == null && s.a.length < mcMax * kbMax) s.a = new float[mcMax * kbMax];
        if (s.b.length < kbMax * ncMax) s.b = new float[kbMax * ncMax];
        final float[] ap = pre != null ? pre.data : s.a, bp = s.b;
        final boolean parallel = (long) m * n * k >= PARALLEL_MIN;

        for (int jc = 0; jc < n; jc += ncMax) {
            final int nc = Math.min(ncMax, n - jc), j0 = jc;
            final int bPanels = ceilDiv(nc, nr);
            for (int kb = 0; kb < k; kb += KB) {
                final int kbLen = Math.min(KB, k - kb), p0 = kb;
                for (int ic = 0; ic < m; ic += mcMax) {
                    final int mc = Math.min(mcMax, m - ic), i0 = ic;
                    final int aPanels = ceilDiv(mc, mr);
                    // Pack this A block, and the B block on its first use; tasks are groups of panels.
                    final int aTasks = pre != null ? 0 : ceilDiv(aPanels, PACK_PANELS); // packed A: nothing to pack
                    final int bTasks = ic == 0 ? ceilDiv(bPanels, PACK_PANELS) : 0;
                    final int aBase = pre != null ? pre.blockOffset(kb, kbLen, ic) : 0;
                    if (aTasks + bTasks > 0) run(parallel, aTasks + bTasks, t -> {
                        if (t < aTasks) {
                            for (int q = t * PACK_PANELS, qe = Math.min(aPanels, q + PACK_PANELS); q < qe; q++) {
                                kernel.packA(transA, a, aOff, lda, i0 + q * mr, Math.min(mr, mc - q * mr),
                                        p0, kbLen, ap, q * mr * kbLen);
                            }
                        } else {
                            for (int q = (t - aTasks) * PACK_PANELS, qe = Math.min(bPanels, q + PACK_PANELS); q < qe; q++) {
                                packB.pack(p0, kbLen, j0 + q * nr, Math.min(nr, nc - q * nr), nr, bp, q * nr * kbLen);
                            }
                        }
                    });
                    // Multiply: one task per output tile, each walking its k blocks in order.
                    final int tilesN = ceilDiv(bPanels, TILE_PANELS_N);
                    final int tiles = ceilDiv(aPanels, TILE_PANELS_M) * tilesN;
                    final int cBlock = cOff + i0 * ldc + j0;
                    run(parallel, tiles, t -> {
                        int qa0 = (t / tilesN) * TILE_PANELS_M, qb0 = (t % tilesN) * TILE_PANELS_N;
                        int qa1 = Math.min(aPanels, qa0 + TILE_PANELS_M), qb1 = Math.min(bPanels, qb0 + TILE_PANELS_N);
                        int panelsN = qb1 - qb0, block = mr * nr;
                        float[] tile = tileBuffer((qa1 - qa0) * panelsN * block);
                        // C enters the tile buffer unless this slice overwrites it (beta == 0 on the first slice).
                        boolean overwrite = p0 == 0 && beta == 0f;
                        if (!overwrite) copyTile(true, c, cBlock, ldc, tile, qa0, qa1, qb0, qb1, mr, nr, mc, nc);
                        for (int pc = 0; pc < kbLen; pc += Gemm.KC) {
                            int kc = Math.min(Gemm.KC, kbLen - pc);
                            float betaNow = p0 + pc == 0 ? beta : 1f;
                            for (int qb = qb0; qb < qb1; qb++) {
                                int bAt = qb * nr * kbLen + pc * nr;
                                for (int qa = qa0; qa < qa1; qa++) {
                                    int aAt = aBase + qa * mr * kbLen + pc * mr;
                                    int tAt = ((qa - qa0) * panelsN + (qb - qb0)) * block;
                                    kernel.multiply(kc, ap, aAt, bp, bAt, alpha, betaNow, tile, tAt, nr);
                                }
                            }
                        }
                        copyTile(false, c, cBlock, ldc, tile, qa0, qa1, qb0, qb1, mr, nr, mc, nc);
                    });
                }
            }
        }
    }

    /**
     * {@code C = alpha·A·B + beta·C} with A packed beforehand and B (k×n) read in place, row {@code p} being
     * the floats {@code b[rowAt[p] + j]} ({@link MicroKernel#multiplyRows}). Nothing of B is packed, so
     * there are no slices of k: each task owns one output tile and walks all its k blocks in order, the
     * same chains and the same folding as {@link #sgemm}, hence the same bits. Panels at the right edge read
     * past column n (whole NR-column panels); those columns are computed in the tile buffer and dropped.
     * Panel q of B (columns {@code [q·NR, (q + 1)·NR)}) starts at {@code rowAt[p] + panelAt[q]}, or at
     * {@code rowAt[p] + q·NR} (side by side) when {@code panelAt} is null.
     */
    static void sgemmRows(MicroKernel kernel, PackedA a, int n, float alpha, float[] b, int[] rowAt, int[] panelAt,
                          float beta, float[] c, int cOff, int ldc) {
        if (a.mr != kernel.mr()) throw new IllegalArgumentException("sgemm: A packed for MR " + a.mr + ", kernel has " + kernel.mr());
        final int mr = kernel.mr(), nr = kernel.nr(), m = a.m, k = a.k;
        final int aPanels = ceilDiv(m, mr), bPanels = ceilDiv(n, nr);
        final int tilesN = ceilDiv(bPanels, TILE_PANELS_N), tiles = ceilDiv(aPanels, TILE_PANELS_M) * tilesN;
        run((long) m * n * k >= PARALLEL_MIN, tiles, t -> {
            int qa0 = (t / tilesN) * TILE_PANELS_M, qb0 = (t % tilesN) * TILE_PANELS_N;
            int qa1 = Math.min(aPanels, qa0 + TILE_PANELS_M), qb1 = Math.min(bPanels, qb0 + TILE_PANELS_N);
            int panelsN = qb1 - qb0, block = mr * nr;
            float[] tile = tileBuffer((qa1 - qa0) * panelsN * block);
            if (beta != 0f) copyTile(true, c, cOff, ldc, tile, qa0, qa1, qb0, qb1, mr, nr, m, n);
            for (int pc = 0; pc < k; pc += Gemm.KC) {
                int kc = Math.min(Gemm.KC, k - pc), kb = pc - pc % KB, kbLen = Math.min(KB, k - kb);
                int aBase = a.blockOffset(kb, kbLen, 0) + (pc - kb) * mr;
                float betaNow = pc == 0 ? beta : 1f;
                for (int qb = qb0; qb < qb1; qb++) {
                    for (int qa = qa0; qa < qa1; qa++) {
                        int tAt = ((qa - qa0) * panelsN + (qb - qb0)) * block;
                        kernel.multiplyRows(kc, a.data, aBase + qa * mr * kbLen, b, rowAt, pc, panelAt == null ? qb * nr : panelAt[qb],
                                alpha, betaNow, tile, tAt, nr);
                    }
                }
            }
            copyTile(false, c, cOff, ldc, tile, qa0, qa1, qb0, qb1, mr, nr, m, n);
        });
    }

    /**
     * Moves the part of C covered by panels {@code [qa0, qa1) × [qb0, qb1)} between C and the tile buffer,
     * where each MR×NR block is contiguous (row stride NR). The micro-kernel then reads and writes
     * contiguous memory on every k block instead of MR rows {@code ldc} apart, which for large {@code ldc}
     * fall into the same cache sets; and blocks cut by the edge of C need no special case (the rows and
     * columns outside C are computed in the buffer and never copied back).
     */
    private static void copyTile(boolean intoTile, float[] c, int cBlock, int ldc, float[] tile,
                                 int qa0, int qa1, int qb0, int qb1, int mr, int nr, int mc, int nc) {
        int panelsN = qb1 - qb0, block = mr * nr;
        for (int qa = qa0; qa < qa1; qa++) {
            int rows = Math.min(mr, mc - qa * mr);
            for (int qb = qb0; qb < qb1; qb++) {
                int cols = Math.min(nr, nc - qb * nr);
                int tAt = ((qa - qa0) * panelsN + (qb - qb0)) * block;
                int cAt = cBlock + qa * mr * ldc + qb * nr;
                for (int r = 0; r < rows; r++) {
                    if (intoTile) System.arraycopy(c, cAt + r * ldc, tile, tAt + r * nr, cols);
                    else System.arraycopy(tile, tAt + r * nr, c, cAt + r * ldc, cols);
                }
            }
        }
    }

    static void run(boolean parallel, int tasks, IntConsumer body) {
        if (parallel) {
            Parallel.forEach(tasks, body);
        } else {
            for (int t = 0; t < tasks; t++) body.accept(t);
        }
    }

    static float[] tileBuffer(int size) {
        Scratch s = SCRATCH.get();
        if (s.tile.length < size) s.tile = new float[size];
        return s.tile;
    }

    static int ceilDiv(int x, int y) { return (x + y - 1) / y; }

    static int roundUp(int x, int y) { return ceilDiv(x, y) * y; }
}
