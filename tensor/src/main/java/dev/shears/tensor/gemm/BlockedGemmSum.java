package dev.shears.tensor.gemm;

import static dev.shears.tensor.gemm.BlockedGemm.KB;
import static dev.shears.tensor.gemm.BlockedGemm.NC;
import static dev.shears.tensor.gemm.BlockedGemm.PACK_PANELS;
import static dev.shears.tensor.gemm.BlockedGemm.TILE_PANELS_M;
import static dev.shears.tensor.gemm.BlockedGemm.TILE_PANELS_N;
import static dev.shears.tensor.gemm.BlockedGemm.ceilDiv;
import static dev.shears.tensor.gemm.BlockedGemm.roundUp;
import static dev.shears.tensor.gemm.BlockedGemm.run;
import static dev.shears.tensor.gemm.BlockedGemm.tileBuffer;

/**
 * {@code C = beta·C + Σ_s A_s·B_s}: a sum of products with the same m and n but their own depths, each A_s
 * packed beforehand and each B_s given by its panel packer, C's columns at arbitrary offsets. The engine is
 * {@link BlockedGemm}'s (same micro-kernel, tiles and packing tasks); what differs is that the k loop of a
 * tile walks the segments one after the other, so the tile of C stays in the tile buffer across all of
 * them instead of being copied out and back in per product.
 *
 * <p>A convolution that skips the products of its zero padding is such a sum: one segment per kernel tap
 * valid for a class of output pixels (see {@code dev.shears.tensor.conv.ValidTapConvolution}).
 *
 * <p><b>Result.</b> Exactly that of the products computed one after the other by {@link Gemm#sgemm} (the
 * first with {@code beta}, the others with 1): each segment is cut into chains of {@link Gemm#KC} from its
 * own start, and every chain is folded into C in segment order by the micro-kernel's write-back rule. The
 * chains and their order depend only on the segments' depths, so the result is the same bitwise for any
 * thread count.
 *
 * <p><b>Slices.</b> Segments are cut into pieces of at most {@code KB} (one slice of their packed A each);
 * consecutive pieces are packed together while their B panels fit in {@code KB × NC} floats, the budget of
 * {@link BlockedGemm}; each such slice costs the tile one copy of C in and out.
 */
final class BlockedGemmSum {

    /** Floats of packed B per slice: the B block of {@link BlockedGemm}. */
    private static final int SLICE_FLOATS = KB * NC;

    private BlockedGemmSum() {}

    /**
     * @param a     the A_s, all with the same m and micro-kernel rows
     * @param b     the B_s (k_s × n each), packed by their packers
     * @param colAt C's column j is at {@code c[cOff + i·ldc + colAt[j]]}; n = colAt.length
     */
    static void sgemm(MicroKernel kernel, PackedA[] a, PackedB[] b, float beta, float[] c, int cOff, int ldc, int[] colAt) {
        final int mr = kernel.mr(), nr = kernel.nr(), m = a[0].m, n = colAt.length;
        // pieces: (segment, k0, len) with k0 a multiple of KB, len ≤ KB: one slice of the segment's packed A
        int count = 0;
        long depth = 0;
        for (PackedA s : a) {
            count += ceilDiv(s.k, KB);
            depth += s.k;
        }
        final int[] seg = new int[count], k0 = new int[count], len = new int[count];
        for (int s = 0, q = 0; s < a.length; s++) {
            for (int kb = 0; kb < a[s].k; kb += KB, q++) {
                seg[q] = s;
                k0[q] = kb;
                len[q] = Math.min(KB, a[s].k - kb);
            }
        }
        final int ncMax = roundUp(Math.min(NC, n), nr), aPanels = ceilDiv(m, mr);
        final boolean parallel = (long) m * n * depth >= BlockedGemm.PARALLEL_MIN;
        // packed B: at most one slice, and no more than all the pieces at the widest column block
        int bFloats = (int) Math.min(SLICE_FLOATS, depth * ncMax);
        BlockedGemm.Scratch scratch = BlockedGemm.SCRATCH.get();
        if (scratch.b.length < bFloats) scratch.b = new float[bFloats];
        final float[] bp = scratch.b;
        final int[] base = new int[count]; // a piece's offset in bp within its slice
        for (int jc = 0; jc < n; jc += ncMax) {
            final int nc = Math.min(ncMax, n - jc), j0 = jc, bPanels = ceilDiv(nc, nr), width = bPanels * nr;
            // Tiles: at least 8 tasks where the rows allow, for two or more threads on narrow products (a
            // tile's shape changes no bit).
            final int tilesN = ceilDiv(bPanels, TILE_PANELS_N);
            int tm = TILE_PANELS_M;
            while (tm > 2 && ceilDiv(aPanels, tm) * tilesN < 8) tm /= 2;
            final int tileM = tm, tiles = ceilDiv(aPanels, tileM) * tilesN;
            for (int first = 0, last; first < count; first = last) {
                int used = len[first] * width;
                base[first] = 0;
                for (last = first + 1; last < count && used + len[last] * width <= SLICE_FLOATS; last++) {
                    base[last] = used;
                    used += len[last] * width;
                }
                final int from = first, to = last, packTasks = ceilDiv(bPanels, PACK_PANELS);
                run(parallel, (to - from) * packTasks, t -> {
                    int q = from + t / packTasks;
                    for (int p = t % packTasks * PACK_PANELS, pe = Math.min(bPanels, p + PACK_PANELS); p < pe; p++) {
                        b[seg[q]].pack(k0[q], len[q], j0 + p * nr, Math.min(nr, nc - p * nr), nr, bp, base[q] + p * nr * len[q]);
                    }
                });
                run(parallel, tiles, t -> {
                    int qa0 = (t / tilesN) * tileM, qb0 = (t % tilesN) * TILE_PANELS_N;
                    int qa1 = Math.min(aPanels, qa0 + tileM), qb1 = Math.min(bPanels, qb0 + TILE_PANELS_N);
                    int panelsN = qb1 - qb0, block = mr * nr;
                    float[] tile = tileBuffer((qa1 - qa0) * panelsN * block);
                    if (!(from == 0 && beta == 0f)) copyTile(true, c, cOff, ldc, colAt, j0, tile, qa0, qa1, qb0, qb1, mr, nr, m, nc);
                    for (int q = from; q < to; q++) {
                        PackedA as = a[seg[q]];
                        int aBase = as.blockOffset(k0[q], len[q], 0);
                        for (int pc = 0; pc < len[q]; pc += Gemm.KC) {
                            int kc = Math.min(Gemm.KC, len[q] - pc);
                            float betaNow = q == 0 && pc == 0 ? beta : 1f;
                            for (int qb = qb0; qb < qb1; qb++) {
                                int bAt = base[q] + qb * nr * len[q] + pc * nr;
                                for (int qa = qa0; qa < qa1; qa++) {
                                    int tAt = ((qa - qa0) * panelsN + (qb - qb0)) * block;
                                    kernel.multiply(kc, as.data, aBase + qa * mr * len[q] + pc * mr, bp, bAt, 1f, betaNow, tile, tAt, nr);
                                }
                            }
                        }
                    }
                    copyTile(false, c, cOff, ldc, colAt, j0, tile, qa0, qa1, qb0, qb1, mr, nr, m, nc);
                });
            }
        }
    }

    /** {@link BlockedGemm}'s tile copy with C's columns at offsets: column j0 + j of row i at cOff + i·ldc + colAt[j0 + j]. */
    private static void copyTile(boolean intoTile, float[] c, int cOff, int ldc, int[] colAt, int j0, float[] tile,
                                 int qa0, int qa1, int qb0, int qb1, int mr, int nr, int mc, int nc) {
        int panelsN = qb1 - qb0, block = mr * nr;
        for (int qa = qa0; qa < qa1; qa++) {
            int rows = Math.min(mr, mc - qa * mr);
            for (int qb = qb0; qb < qb1; qb++) {
                int cols = Math.min(nr, nc - qb * nr), jAt = j0 + qb * nr;
                int tAt = ((qa - qa0) * panelsN + (qb - qb0)) * block;
                for (int r = 0; r < rows; r++) {
                    int row = cOff + (qa * mr + r) * ldc, t = tAt + r * nr;
                    if (intoTile) {
                        for (int j = 0; j < cols; j++) tile[t + j] = c[row + colAt[jAt + j]];
                    } else {
                        for (int j = 0; j < cols; j++) c[row + colAt[jAt + j]] = tile[t + j];
                    }
                }
            }
        }
    }
}
