package dev.shears.tensor.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MicroKernel} on the incubating Vector API: a 12×(2·lanes) register block (with 512-bit vectors,
 * 12×32). The 24 accumulators, 2 vectors of the B panel and one broadcast of A fill
 * 27 of the 32 vector registers of AVX-512, which the JIT keeps in registers across the k
 * loop; each step loads 2 vectors of B and broadcasts 12 scalars of A for 24 fused multiply-adds
 * (the outer-product update of the BLIS micro-kernel, Van Zee &amp; van de Geijn 2015, §3).
 *
 * <p>Each lane runs the same {@code fma} chain as {@link ScalarMicroKernel}, so results are bitwise equal
 * to it. Load only through {@link dev.shears.tensor.kernels.KernelProvider#vectorOr}: this class links
 * {@code jdk.incubator.vector}.
 */
public final class VectorMicroKernel implements MicroKernel {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = 12;
    private static final int NR = 2 * L;

    /** Public and argument-free for reflective loading. */
    public VectorMicroKernel() {}

    @Override public String name() { return "vector-" + MR + "x" + NR; }

    @Override public int mr() { return MR; }

    @Override public int nr() { return NR; }

    @Override public void multiply(int kc, float[] a, int aOff, float[] b, int bOff,
                                   float alpha, float beta, float[] c, int cOff, int ldc) {
        FloatVector c0_0 = FloatVector.zero(S), c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S), c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S), c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S), c3_1 = FloatVector.zero(S);
        FloatVector c4_0 = FloatVector.zero(S), c4_1 = FloatVector.zero(S);
        FloatVector c5_0 = FloatVector.zero(S), c5_1 = FloatVector.zero(S);
        FloatVector c6_0 = FloatVector.zero(S), c6_1 = FloatVector.zero(S);
        FloatVector c7_0 = FloatVector.zero(S), c7_1 = FloatVector.zero(S);
        FloatVector c8_0 = FloatVector.zero(S), c8_1 = FloatVector.zero(S);
        FloatVector c9_0 = FloatVector.zero(S), c9_1 = FloatVector.zero(S);
        FloatVector c10_0 = FloatVector.zero(S), c10_1 = FloatVector.zero(S);
        FloatVector c11_0 = FloatVector.zero(S), c11_1 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * MR, bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + 1 * L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ai]);
            c0_0 = b0.fma(x, c0_0); c0_1 = b1.fma(x, c0_1);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c1_0 = b0.fma(x, c1_0); c1_1 = b1.fma(x, c1_1);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c2_0 = b0.fma(x, c2_0); c2_1 = b1.fma(x, c2_1);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c3_0 = b0.fma(x, c3_0); c3_1 = b1.fma(x, c3_1);
            x = FloatVector.broadcast(S, a[ai + 4]);
            c4_0 = b0.fma(x, c4_0); c4_1 = b1.fma(x, c4_1);
            x = FloatVector.broadcast(S, a[ai + 5]);
            c5_0 = b0.fma(x, c5_0); c5_1 = b1.fma(x, c5_1);
            x = FloatVector.broadcast(S, a[ai + 6]);
            c6_0 = b0.fma(x, c6_0); c6_1 = b1.fma(x, c6_1);
            x = FloatVector.broadcast(S, a[ai + 7]);
            c7_0 = b0.fma(x, c7_0); c7_1 = b1.fma(x, c7_1);
            x = FloatVector.broadcast(S, a[ai + 8]);
            c8_0 = b0.fma(x, c8_0); c8_1 = b1.fma(x, c8_1);
            x = FloatVector.broadcast(S, a[ai + 9]);
            c9_0 = b0.fma(x, c9_0); c9_1 = b1.fma(x, c9_1);
            x = FloatVector.broadcast(S, a[ai + 10]);
            c10_0 = b0.fma(x, c10_0); c10_1 = b1.fma(x, c10_1);
            x = FloatVector.broadcast(S, a[ai + 11]);
            c11_0 = b0.fma(x, c11_0); c11_1 = b1.fma(x, c11_1);
        }
        store(c0_0, alpha, beta, c, cOff); store(c0_1, alpha, beta, c, cOff + 1 * L);
        store(c1_0, alpha, beta, c, cOff + 1 * ldc); store(c1_1, alpha, beta, c, cOff + 1 * ldc + 1 * L);
        store(c2_0, alpha, beta, c, cOff + 2 * ldc); store(c2_1, alpha, beta, c, cOff + 2 * ldc + 1 * L);
        store(c3_0, alpha, beta, c, cOff + 3 * ldc); store(c3_1, alpha, beta, c, cOff + 3 * ldc + 1 * L);
        store(c4_0, alpha, beta, c, cOff + 4 * ldc); store(c4_1, alpha, beta, c, cOff + 4 * ldc + 1 * L);
        store(c5_0, alpha, beta, c, cOff + 5 * ldc); store(c5_1, alpha, beta, c, cOff + 5 * ldc + 1 * L);
        store(c6_0, alpha, beta, c, cOff + 6 * ldc); store(c6_1, alpha, beta, c, cOff + 6 * ldc + 1 * L);
        store(c7_0, alpha, beta, c, cOff + 7 * ldc); store(c7_1, alpha, beta, c, cOff + 7 * ldc + 1 * L);
        store(c8_0, alpha, beta, c, cOff + 8 * ldc); store(c8_1, alpha, beta, c, cOff + 8 * ldc + 1 * L);
        store(c9_0, alpha, beta, c, cOff + 9 * ldc); store(c9_1, alpha, beta, c, cOff + 9 * ldc + 1 * L);
        store(c10_0, alpha, beta, c, cOff + 10 * ldc); store(c10_1, alpha, beta, c, cOff + 10 * ldc + 1 * L);
        store(c11_0, alpha, beta, c, cOff + 11 * ldc); store(c11_1, alpha, beta, c, cOff + 11 * ldc + 1 * L);
    }

    /** The write-back rule of the contract, lane by lane: {@code beta == 0} overwrites C. */
    private static void store(FloatVector ab, float alpha, float beta, float[] c, int ci) {
        if (beta == 0f) {
            ab.mul(alpha).intoArray(c, ci);
        } else {
            ab.fma(FloatVector.broadcast(S, alpha), FloatVector.fromArray(S, c, ci).mul(beta)).intoArray(c, ci);
        }
    }
}
