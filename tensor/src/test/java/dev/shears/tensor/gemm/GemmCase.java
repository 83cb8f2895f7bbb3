package dev.shears.tensor.gemm;

import dev.shears.tensor.random.Rng;

/**
 * One SGEMM problem with its storage: op(A) m×k, op(B) k×n, C m×n, each stored row-major at an offset with
 * a leading dimension larger than needed. Gaps and margins hold NaN, so reading or writing outside the
 * described matrices shows up in the result or in {@link #marginsIntact}.
 */
record GemmCase(int m, int n, int k, boolean transA, boolean transB, float alpha, float beta,
                int offset, int ldPad, long seed) {

    int lda() { return (transA ? m : k) + ldPad; }

    int ldb() { return (transB ? k : n) + ldPad; }

    int ldc() { return n + ldPad; }

    float[] a() { return matrix(transA ? k : m, transA ? m : k, lda(), seed); }

    float[] b() { return matrix(transB ? n : k, transB ? k : n, ldb(), seed + 1); }

    float[] c() { return matrix(m, n, ldc(), seed + 2); }

    /** Element of op(A). */
    float opA(float[] a, int i, int p) { return transA ? a[offset + p * lda() + i] : a[offset + i * lda() + p]; }

    /** Element of op(B). */
    float opB(float[] b, int p, int j) { return transB ? b[offset + j * ldb() + p] : b[offset + p * ldb() + j]; }

    /** Runs {@code Gemm.sgemm} with the given kernel on copies; returns the resulting C storage. */
    float[] run(MicroKernel kernel) {
        float[] c = c();
        Gemm.sgemm(kernel, transA, transB, m, n, k, alpha, a(), offset, lda(), b(), offset, ldb(), beta, c, offset, ldc());
        return c;
    }

    /**
     * C after the product with A packed beforehand ({@link Gemm#packA}); the packing goes into a reused buffer
     * full of garbage when {@code reuse} (so nothing depends on the buffer's old contents).
     */
    float[] runPackedA(boolean reuse) {
        float[] c = c();
        float[] buffer = null;
        if (reuse) {
            buffer = new float[Gemm.packedASize(m, k) + 3];
            java.util.Arrays.fill(buffer, Float.NaN);
        }
        PackedA packed = Gemm.packA(transA, m, k, a(), offset, lda(), buffer);
        Gemm.sgemm(packed, transB, n, alpha, b(), offset, ldb(), beta, c, offset, ldc());
        return c;
    }

    /**
     * Runs {@link Gemm#sgemmRows} on A packed beforehand and op(B) read in place: its rows are stored in
     * reverse order, a few floats apart, with the slack of whole panels after the last.
     */
    float[] runRowsInPlace() {
        float[] c = c(), b = b();
        int width = (n + Gemm.panelWidth() - 1) / Gemm.panelWidth() * Gemm.panelWidth(), stride = n + 3;
        float[] rows = new float[k * stride + width];
        java.util.Arrays.fill(rows, Float.NaN); // past column n: read, never used
        int[] rowAt = new int[k];
        for (int p = 0; p < k; p++) {
            rowAt[p] = (k - 1 - p) * stride;
            for (int j = 0; j < n; j++) rows[rowAt[p] + j] = opB(b, p, j);
        }
        PackedA packed = Gemm.packA(transA, m, k, a(), offset, lda(), null);
        Gemm.sgemmRows(packed, n, alpha, rows, rowAt, beta, c, offset, ldc());
        return c;
    }

    /**
     * Runs {@link Gemm#sgemmRows(PackedA, int, float, float[], int[], int[], float, float[], int, int)}: each
     * row of op(B) stored as its NR-column panels in reverse order, a few floats apart, the rows themselves in
     * reverse order; NaN everywhere else, past column n included.
     */
    float[] runPanelsInPlace() {
        float[] c = c(), b = b();
        int nr = Gemm.panelWidth(), panels = (n + nr - 1) / nr, gap = 2, stride = panels * (nr + gap) + 1;
        float[] rows = new float[k * stride];
        java.util.Arrays.fill(rows, Float.NaN);
        int[] rowAt = new int[k], panelAt = new int[panels];
        for (int q = 0; q < panels; q++) panelAt[q] = (panels - 1 - q) * (nr + gap);
        for (int p = 0; p < k; p++) {
            rowAt[p] = (k - 1 - p) * stride;
            for (int j = 0; j < n; j++) rows[rowAt[p] + panelAt[j / nr] + j % nr] = opB(b, p, j);
        }
        PackedA packed = Gemm.packA(transA, m, k, a(), offset, lda(), null);
        Gemm.sgemmRows(packed, n, alpha, rows, rowAt, panelAt, beta, c, offset, ldc());
        return c;
    }

    /** Runs the public entry point (the kernel picked at start-up). */
    float[] run() {
        float[] c = c();
        Gemm.sgemm(transA, transB, m, n, k, alpha, a(), offset, lda(), b(), offset, ldb(), beta, c, offset, ldc());
        return c;
    }

    /** Runs the specification, {@link ReferenceGemm}. */
    float[] runReference() {
        float[] c = c();
        ReferenceGemm.sgemm(transA, transB, m, n, k, alpha, a(), offset, lda(), b(), offset, ldb(), beta, c, offset, ldc());
        return c;
    }

    /** True when every storage element outside C (offset prefix, row gaps, tail) still holds NaN. */
    boolean marginsIntact(float[] c) {
        for (int x = 0; x < c.length; x++) {
            int rel = x - offset;
            boolean inside = ldc() > 0 && rel >= 0 && rel / ldc() < m && rel % ldc() < n;
            if (!inside && !Float.isNaN(c[x])) return false;
        }
        return true;
    }

    private float[] matrix(int rows, int cols, int ld, long s) {
        float[] x = new float[offset + Math.max(0, rows * ld) + 3];
        java.util.Arrays.fill(x, Float.NaN);
        Rng rng = new Rng(s);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) x[offset + r * ld + j] = rng.nextFloat() * 2f - 1f;
        }
        return x;
    }

    @Override public String toString() {
        return "m=" + m + " n=" + n + " k=" + k + " transA=" + transA + " transB=" + transB + " alpha=" + alpha
                + " beta=" + beta + " offset=" + offset + " ldPad=" + ldPad + " seed=" + seed;
    }
}
