package dev.shears.tensor.gemm;

/**
 * The reference {@link MicroKernel}: the contract written as plain loops, one fused multiply-add chain per
 * element of C. Any MR×NR shape works, so tests can build the twin of a vector kernel's shape.
 */
public final class ScalarMicroKernel implements MicroKernel {

    private final int mr;
    private final int nr;

    /** A kernel for MR×NR blocks. */
    public ScalarMicroKernel(int mr, int nr) {
        if (mr < 1 || nr < 1) throw new IllegalArgumentException("mr and nr must be >= 1, got " + mr + "x" + nr);
        this.mr = mr;
        this.nr = nr;
    }

    @Override public String name() { return "scalar-" + mr + "x" + nr; }

    @Override public int mr() { return mr; }

    @Override public int nr() { return nr; }

    @Override public void multiply(int kc, float[] a, int aOff, float[] b, int bOff,
                                   float alpha, float beta, float[] c, int cOff, int ldc) {
        if (kc < 1 || kc > MAX_KC) throw new IllegalArgumentException("kc must be in [1, " + MAX_KC + "], got " + kc);
        for (int r = 0; r < mr; r++) {
            for (int j = 0; j < nr; j++) {
                float ab = a[aOff + r] * b[bOff + j];
                for (int p = 1; p < kc; p++) ab = Math.fma(a[aOff + p * mr + r], b[bOff + p * nr + j], ab);
                int ci = cOff + r * ldc + j;
                c[ci] = update(alpha, ab, beta, c[ci]);
            }
        }
    }

    @Override public void multiplyRows(int kc, float[] a, int aOff, float[] b, int[] rowAt, int rowOff, int col,
                                       float alpha, float beta, float[] c, int cOff, int ldc) {
        if (kc < 1 || kc > MAX_KC) throw new IllegalArgumentException("kc must be in [1, " + MAX_KC + "], got " + kc);
        for (int r = 0; r < mr; r++) {
            for (int j = 0; j < nr; j++) {
                float ab = a[aOff + r] * b[rowAt[rowOff] + col + j];
                for (int p = 1; p < kc; p++) ab = Math.fma(a[aOff + p * mr + r], b[rowAt[rowOff + p] + col + j], ab);
                int ci = cOff + r * ldc + j;
                c[ci] = update(alpha, ab, beta, c[ci]);
            }
        }
    }

    /** The write-back rule of the contract: {@code beta == 0} overwrites, so NaNs in C do not propagate. */
    static float update(float alpha, float ab, float beta, float c) {
        return beta == 0f ? alpha * ab : Math.fma(alpha, ab, beta * c);
    }
}
