package dev.shears.tensor.gemm;

import java.util.Arrays;

/**
 * Copies blocks of op(A) and op(B) into the contiguous panels the {@link MicroKernel} reads (Goto &amp; van de
 * Geijn 2008: packing lays each panel out in the order the kernel streams it, whatever the transposes and
 * leading dimensions, and keeps the TLB footprint small). Edge panels are padded with zeros so the
 * micro-kernel always runs on full MR×NR blocks.
 */
final class PanelPacking {

    /**
     * Steps of k per strip of a transposing copy. Written whole, a panel row of KB = 1024 steps spans
     * 44 KiB (A) or 128 KiB (B) with its writes MR or NR floats apart, so every cache line of the panel
     * was fetched again for each of its rows; a 64-step strip (3 or 8 KiB) stays in L1.
     */
    private static final int STRIP = 64;

    private PanelPacking() {}

    /**
     * Packs rows {@code [i0, i0 + rows)} and columns {@code [p0, p0 + kc)} of op(A) into one MR-row panel:
     * {@code dst[dstOff + p·mr + r] = op(A)[i0 + r][p0 + p]}, zero for {@code rows <= r < mr}.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int rows, int p0, int kc,
                      int mr, float[] dst, int dstOff) {
        if (transA) {
            // op(A)[i][p] = A[p][i]: each step of p is a contiguous run of the panel's rows.
            for (int p = 0; p < kc; p++) {
                int d = dstOff + p * mr;
                System.arraycopy(a, aOff + (p0 + p) * lda + i0, dst, d, rows);
                if (rows < mr) Arrays.fill(dst, d + rows, d + mr, 0f);
            }
        } else {
            // op(A)[i][p] = A[i][p]: read each row contiguously, write it with stride mr, STRIP steps of p
            // at a time so the strip of the panel stays in L1 while all its rows are written.
            for (int q = 0; q < kc; q += STRIP) {
                int qe = Math.min(kc, q + STRIP);
                for (int r = 0; r < rows; r++) {
                    int s = aOff + (i0 + r) * lda + p0;
                    for (int p = q, d = dstOff + q * mr + r; p < qe; p++, d += mr) dst[d] = a[s + p];
                }
                for (int r = rows; r < mr; r++) {
                    for (int p = q, d = dstOff + q * mr + r; p < qe; p++, d += mr) dst[d] = 0f;
                }
            }
        }
    }

    /**
     * {@link #packA} for A given by row stride and column offsets: {@code dst[dstOff + p·mr + r] =
     * a[aOff + (i0 + r)·lda + colAt[p0 + p]]}, zero for {@code rows <= r < mr}. Each step of p writes its mr
     * floats contiguously; with a small {@code lda} (a convolution's kernels, lda = kh·kw) its reads stay
     * within a few cache lines.
     */
    static void packAColumns(float[] a, int aOff, int lda, int[] colAt, int i0, int rows, int p0, int kc,
                             int mr, float[] dst, int dstOff) {
        int rowBase = aOff + i0 * lda;
        for (int p = 0; p < kc; p++) {
            int s = rowBase + colAt[p0 + p], d = dstOff + p * mr;
            for (int r = 0; r < rows; r++) dst[d + r] = a[s + r * lda];
            for (int r = rows; r < mr; r++) dst[d + r] = 0f;
        }
    }

    /**
     * {@link #packA} for the taps of a kernel at once: for each {@code t < dst.length}, one MR-row panel of
     * {@code A_t[i][p] = a[aOff + i·lda + p·colStride + t·tapStep]} into {@code dst[t]} at {@code dstOff}, zero
     * rows from {@code rows} to {@code mr}. A convolution's weights {@code [O, C, taps]} hold the taps of one
     * kernel element side by side, so this reads each row's taps as one run instead of gathering every tap's
     * matrix from floats {@code taps} apart.
     */
    static void packTaps(float[] a, int aOff, int lda, int colStride, int tapStep, int i0, int rows, int p0, int kc,
                         int mr, float[][] dst, int dstOff) {
        int taps = dst.length;
        for (int p = 0; p < kc; p++) {
            int d = dstOff + p * mr, col = aOff + (p0 + p) * colStride + i0 * lda;
            for (int r = 0; r < rows; r++) {
                int s = col + r * lda;
                for (int t = 0; t < taps; t++) dst[t][d + r] = a[s + t * tapStep];
            }
            for (int t = 0; t < taps; t++) {
                for (int r = rows; r < mr; r++) dst[t][d + r] = 0f;
            }
        }
    }

    /**
     * {@link #packB} for B given by row and column offsets: {@code dst[dstOff + p·nr + j] =
     * b[bOff + rowAt[p0 + p] + colAt[j0 + j]]}, zero for {@code cols <= j < nr}.
     */
    static void packBOffsets(float[] b, int bOff, int[] rowAt, int[] colAt, int p0, int kc, int j0, int cols,
                             int nr, float[] dst, int dstOff) {
        for (int p = 0; p < kc; p++) {
            int s = bOff + rowAt[p0 + p], d = dstOff + p * nr;
            for (int j = 0; j < cols; j++) dst[d + j] = b[s + colAt[j0 + j]];
            for (int j = cols; j < nr; j++) dst[d + j] = 0f;
        }
    }

    /**
     * Packs rows {@code [p0, p0 + kc)} and columns {@code [j0, j0 + cols)} of op(B) into one NR-column
     * panel: {@code dst[dstOff + p·nr + j] = op(B)[p0 + p][j0 + j]}, zero for {@code cols <= j < nr}.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int cols,
                      int nr, float[] dst, int dstOff) {
        if (transB) {
            // op(B)[p][j] = B[j][p]: read each row of B contiguously, write it with stride nr, in strips of p
            // as in packA.
            for (int q = 0; q < kc; q += STRIP) {
                int qe = Math.min(kc, q + STRIP);
                for (int j = 0; j < cols; j++) {
                    int s = bOff + (j0 + j) * ldb + p0;
                    for (int p = q, d = dstOff + q * nr + j; p < qe; p++, d += nr) dst[d] = b[s + p];
                }
                for (int j = cols; j < nr; j++) {
                    for (int p = q, d = dstOff + q * nr + j; p < qe; p++, d += nr) dst[d] = 0f;
                }
            }
        } else {
            // op(B)[p][j] = B[p][j]: each step of p is a contiguous run of the panel's columns.
            for (int p = 0; p < kc; p++) {
                int d = dstOff + p * nr;
                System.arraycopy(b, bOff + (p0 + p) * ldb + j0, dst, d, cols);
                if (cols < nr) Arrays.fill(dst, d + cols, d + nr, 0f);
            }
        }
    }
}
