package dev.shears.tensor.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Properties of {@link Gemm#sgemm} on random problems: sizes from 0, 1, primes, and values just off
 * multiples of the vector width (16), of MR/NR, of {@link Gemm#KC} and of the cache blocks; both
 * transposes; several alpha and beta; offsets and padded leading dimensions.
 */
class GemmPropertyTest {

    /** Unit roundoff of float32. */
    private static final double U = 0x1.0p-24;

    private static final List<Integer> DIMS =
            List.of(0, 1, 2, 3, 5, 7, 12, 13, 16, 17, 31, 32, 33, 47, 97, 128, 131, 255, 257, 263, 521, 1031, 1061, 2053);
    private static final List<Float> ALPHAS = List.of(1f, -1f, 0.5f, 2.25f, 0f);
    private static final List<Float> BETAS = List.of(0f, 1f, -0.75f, 3f);
    /** Caps m·n·k so that the double-precision triple loop stays quick. */
    private static final long MAX_WORK = 4_000_000L;

    private static Gen<GemmCase> cases() {
        Gen<Integer> dim = Generate.pick(DIMS);
        Gen<int[]> dims = dim.zip(dim, dim, (m, n, k) -> new int[] {m, n, k})
                .assuming(d -> (long) d[0] * d[1] * d[2] <= MAX_WORK);
        Gen<boolean[]> trans = Generate.booleans().zip(Generate.booleans(), (x, y) -> new boolean[] {x, y});
        Gen<float[]> scalars = Generate.pick(ALPHAS).zip(Generate.pick(BETAS), (x, y) -> new float[] {x, y});
        Gen<int[]> layout = Generate.range(0, 9).zip(Generate.range(0, 5), (o, p) -> new int[] {o, p});
        return dims.zip(trans, scalars, layout, (d, t, s, l) ->
                new GemmCase(d[0], d[1], d[2], t[0], t[1], s[0], s[1], l[0], l[1], 31L * d[0] + 7L * d[1] + d[2] + l[0]));
    }

    /**
     * C agrees with the exact product, computed in double, within the forward error bound of a sum of
     * {@code k + 1} terms (Higham, "Accuracy and Stability of Numerical Algorithms", ch. 3): along the
     * engine's evaluation each product {@code alpha·a·b}, and {@code beta·c}, passes through at most
     * {@code N = k + ceil(k / KC) + 2} roundings (the fma chain of its block, one fold per block, the
     * {@code beta·c} product), so {@code |Ĉ − C| ≤ γ_N (|alpha|·Σ|a||b| + |beta|·|c|)} with
     * {@code γ_N = N·u / (1 − N·u)}, {@code u = 2⁻²⁴}. The double reference itself is exact to far below this.
     */
    @Test
    void matchesTheExactProductWithinTheRoundingBound() {
        qt().withExamples(120).withShrinkCycles(20).forAll(cases()).checkAssert(cs -> {
            float[] a = cs.a(), b = cs.b(), c0 = cs.c();
            float[] c = cs.run();
            int n = cs.k() + (cs.k() + Gemm.KC - 1) / Gemm.KC + 2;
            double gamma = n * U / (1 - n * U);
            for (int i = 0; i < cs.m(); i++) {
                for (int j = 0; j < cs.n(); j++) {
                    double dot = 0, magnitude = 0;
                    for (int p = 0; p < cs.k(); p++) {
                        double t = (double) cs.opA(a, i, p) * cs.opB(b, p, j);
                        dot += t;
                        magnitude += Math.abs(t);
                    }
                    int ci = cs.offset() + i * cs.ldc() + j, row = i, col = j;
                    double betaC = cs.beta() == 0f ? 0 : (double) cs.beta() * c0[ci];
                    double exact = cs.alpha() * dot + betaC;
                    double bound = gamma * (Math.abs(cs.alpha()) * magnitude + Math.abs(betaC));
                    double err = Math.abs(c[ci] - exact);
                    assertTrue(err <= bound, () -> cs + ": C[" + row + "][" + col + "]=" + c[ci] + " exact=" + exact
                            + " error " + err + " > bound " + bound);
                }
            }
            assertTrue(cs.marginsIntact(c), () -> cs + ": wrote outside C");
        });
    }

    /** The engine performs the specification's operations in the specification's order: equal bitwise. */
    @Test
    void equalsTheReferenceBitwise() {
        qt().withExamples(80).withShrinkCycles(20).forAll(cases()).checkAssert(cs ->
                assertArrayEquals(cs.runReference(), cs.run(), cs::toString));
    }

    /** A packed once beforehand (new or reused storage) gives the bits of the product on A itself. */
    @Test
    void aPackedBeforehandGivesTheSameBits() {
        qt().withExamples(60).withShrinkCycles(20).forAll(cases(), Generate.booleans()).checkAssert((cs, reuse) ->
                assertArrayEquals(cs.runReference(), cs.runPackedA(reuse), () -> cs + " reuse " + reuse));
    }

    /**
     * B read in place from row offsets (rows in any order, NaN past column n), its panels side by side or
     * placed apart (any order, gaps of NaN), gives the bits of the product on B stored as a matrix, and C's
     * margins stay untouched.
     */
    @Test
    void bReadInPlaceFromRowsGivesTheSameBits() {
        qt().withExamples(120).withShrinkCycles(20).forAll(cases(), Generate.booleans()).checkAssert((cs, apart) -> {
            float[] c = apart ? cs.runPanelsInPlace() : cs.runRowsInPlace();
            assertArrayEquals(cs.runReference(), c, () -> cs + (apart ? " panels apart" : ""));
            assertTrue(cs.marginsIntact(c), () -> cs + ": wrote outside C");
        });
    }

    /** A panel offset that puts some row's panel outside B is refused before anything is computed. */
    @Test
    void panelsOutsideBAreRefused() {
        int nr = Gemm.panelWidth();
        PackedA a = Gemm.packA(false, 2, 3, new float[6], 0, 3, null);
        float[] b = new float[3 * nr + nr];
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemmRows(a, 2 * nr, 1f, b, new int[] {0, nr, 2 * nr}, new int[] {0, nr + 1}, 0f, new float[4 * nr], 0, 2 * nr));
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemmRows(a, 2 * nr, 1f, b, new int[] {0, 0, 0}, new int[] {0, -1}, 0f, new float[4 * nr], 0, 2 * nr));
        assertThrows(IllegalArgumentException.class, // one panel offset for two panels
                () -> Gemm.sgemmRows(a, 2 * nr, 1f, b, new int[] {0, 0, 0}, new int[] {0}, 0f, new float[4 * nr], 0, 2 * nr));
    }

    /** The tiling is independent of the micro-kernel shape: odd scalar shapes give the same bits. */
    @Test
    void anyMicroKernelShapeGivesTheSameBits() {
        Gen<MicroKernel> kernels = Generate.pick(List.of(new ScalarMicroKernel(1, 1), new ScalarMicroKernel(3, 5),
                new ScalarMicroKernel(7, 16), new ScalarMicroKernel(12, 32)));
        qt().withExamples(40).withShrinkCycles(10).forAll(cases(), kernels).checkAssert((cs, kernel) ->
                assertArrayEquals(cs.runReference(), cs.run(kernel), () -> cs + " kernel " + kernel.name()));
    }
}
