package dev.shears.tensor.gemm;

import dev.shears.tensor.Parallel;

/**
 * The blocked SGEMM engine of Goto &amp; van de Geijn (2008), "Anatomy of high-performance matrix
 * multiplication", ACM TOMS 34(3), with the loop structure of BLIS (Van Zee &amp; van de Geijn 2015):
 * <pre>
 *   for jc in steps of NC:                 B block KC×NC packed once, shared by all threads
 *     for pc in steps of KC:
 *       for ic in steps of MC:             A block MC×KC packed once, shared by all threads
 *         parallel for each output tile:   tile = TM rows × TN columns of the MC×NC block
 *           for each MR-row panel of A:    (stays in L1 while ...)
 *             for each NR-column panel of B:   micro-kernel on one MR×NR block of C
 * </pre>
 * Packing (both blocks, split into panel groups) and the tile loop each run as one {@link Parallel#forEach}
 * over a task count fixed by the matrix sizes and the kernel shape, never by the thread count.
 *
 * <p><b>Determinism.</b> Every element of C is produced by the same operations in the same order however
 * the work is split: one fused multiply-add chain per KC block, in the order of {@code pc}, folded into C by
 * the write-back rule of {@link MicroKernel}; tasks write disjoint tiles of C, and rounds over {@code pc}
 * are separated by the barrier at the end of each {@code forEach}. The result therefore depends only on
 * {@link Gemm#KC}: it equals {@link ReferenceGemm} bitwise for any thread count, any tile shape and either
 * micro-kernel. (The task partition is nevertheless fixed by the problem, as {@link Parallel} asks.)
 *
 * <p>Cache sizes chosen for this engine (Sapphire Rapids: 48 KiB L1d, 2 MiB L2 per core): an MR×KC A panel
 * (12 KiB for 12×256) stays in L1 while the KC×TN slice of B (256 KiB) streams from L2; the shared packed
 * blocks (MC×KC and KC×NC, about 1 and 2 MiB) live in L2/L3. Packing buffers are per calling thread and
 * reused across calls.
 */
final class BlockedGemm {

    /** Target rows of a packed A block; rounded up to a multiple of MR. */
    private static final int MC = Integer.getInteger("t.mc", 1024);
    /** Target columns of a packed B block; rounded up to a multiple of NR. */
    private static final int NC = Integer.getInteger("t.nc", 2048);
    /** A parallel task covers TILE_PANELS_M × TILE_PANELS_N micro-blocks. */
    private static final int TILE_PANELS_M = Integer.getInteger("t.tm", 8);
    private static final int TILE_PANELS_N = Integer.getInteger("t.tn", 8);
    /** Panels packed per packing task. */
    private static final int PACK_PANELS = 8;

    /** Per-thread reusable buffers: the packed blocks of a call (owned by the calling thread) and an edge tile. */
    private static final class Scratch {
        float[] a = new float[0];
        float[] b = new float[0];
        float[] tile = new float[0];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private BlockedGemm() {}

    static void sgemm(MicroKernel kernel, boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        final int mr = kernel.mr(), nr = kernel.nr();
        final int mcMax = roundUp(Math.min(MC, m), mr), ncMax = roundUp(Math.min(NC, n), nr);
        final int kcMax = Math.min(Gemm.KC, k);
        Scratch s = SCRATCH.get();
        if (s.a.length < mcMax * kcMax) s.a = new float[mcMax * kcMax];
        if (s.b.length < kcMax * ncMax) s.b = new float[kcMax * ncMax];
        final float[] ap = s.a, bp = s.b;

        for (int jc = 0; jc < n; jc += ncMax) {
            final int nc = Math.min(ncMax, n - jc), j0 = jc;
            final int bPanels = ceilDiv(nc, nr);
            for (int pc = 0; pc < k; pc += Gemm.KC) {
                final int kc = Math.min(Gemm.KC, k - pc), p0 = pc;
                final float betaNow = pc == 0 ? beta : 1f;
                for (int ic = 0; ic < m; ic += mcMax) {
                    final int mc = Math.min(mcMax, m - ic), i0 = ic;
                    final int aPanels = ceilDiv(mc, mr);
                    // Pack this A block, and the B block on its first use; tasks are panel groups.
                    final int aTasks = ceilDiv(aPanels, PACK_PANELS);
                    final int bTasks = ic == 0 ? ceilDiv(bPanels, PACK_PANELS) : 0;
                    Parallel.forEach(aTasks + bTasks, t -> {
                        if (t < aTasks) {
                            for (int q = t * PACK_PANELS, qe = Math.min(aPanels, q + PACK_PANELS); q < qe; q++) {
                                PanelPacking.packA(transA, a, aOff, lda, i0 + q * mr, Math.min(mr, mc - q * mr),
                                        p0, kc, mr, ap, q * mr * kc);
                            }
                        } else {
                            int tb = t - aTasks;
                            for (int q = tb * PACK_PANELS, qe = Math.min(bPanels, q + PACK_PANELS); q < qe; q++) {
                                PanelPacking.packB(transB, b, bOff, ldb, p0, kc, j0 + q * nr, Math.min(nr, nc - q * nr),
                                        nr, bp, q * nr * kc);
                            }
                        }
                    });
                    // Multiply: one task per output tile.
                    final int tilesN = ceilDiv(bPanels, TILE_PANELS_N);
                    final int tiles = ceilDiv(aPanels, TILE_PANELS_M) * tilesN;
                    Parallel.forEach(tiles, t -> {
                        int qa0 = (t / tilesN) * TILE_PANELS_M, qb0 = (t % tilesN) * TILE_PANELS_N;
                        int qa1 = Math.min(aPanels, qa0 + TILE_PANELS_M), qb1 = Math.min(bPanels, qb0 + TILE_PANELS_N);
                        float[] tile = edgeTile(mr * nr);
                        if (B_OUTER) {
                            for (int qb = qb0; qb < qb1; qb++) {
                                for (int qa = qa0; qa < qa1; qa++) {
                                    block(kernel, qa, qb, mr, nr, mc, nc, kc, ap, bp, alpha, betaNow, c, cOff + (i0 + qa * mr) * ldc + j0, ldc, tile);
                                }
                            }
                        } else {
                            for (int qa = qa0; qa < qa1; qa++) {
                                for (int qb = qb0; qb < qb1; qb++) {
                                    block(kernel, qa, qb, mr, nr, mc, nc, kc, ap, bp, alpha, betaNow, c, cOff + (i0 + qa * mr) * ldc + j0, ldc, tile);
                                }
                            }
                        }
                    });
                }
            }
        }
    }

    static final boolean B_OUTER = Boolean.getBoolean("t.bouter");

    private static void block(MicroKernel kernel, int qa, int qb, int mr, int nr, int mc, int nc, int kc, float[] ap, float[] bp,
                              float alpha, float betaNow, float[] c, int cRow, int ldc, float[] tile) {
        int rows = Math.min(mr, mc - qa * mr);
        int aAt = qa * mr * kc;
        int cols = Math.min(nr, nc - qb * nr);
        int bAt = qb * nr * kc;
        if (rows == mr && cols == nr) {
            kernel.multiply(kc, ap, aAt, bp, bAt, alpha, betaNow, c, cRow + qb * nr, ldc);
        } else {
            // Edge block: compute ab exactly (alpha 1, beta 0), then apply the same rule.
            kernel.multiply(kc, ap, aAt, bp, bAt, 1f, 0f, tile, 0, nr);
            for (int r = 0; r < rows; r++) {
                int ci = cRow + r * ldc + qb * nr;
                for (int j = 0; j < cols; j++) {
                    c[ci + j] = ScalarMicroKernel.update(alpha, tile[r * nr + j], betaNow, c[ci + j]);
                }
            }
        }
    }

    private static float[] edgeTile(int size) {
        Scratch s = SCRATCH.get();
        if (s.tile.length < size) s.tile = new float[size];
        return s.tile;
    }

    private static int ceilDiv(int x, int y) { return (x + y - 1) / y; }

    private static int roundUp(int x, int y) { return ceilDiv(x, y) * y; }
}
