package dev.shears.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.tensor.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The vector backend against the scalar specification, method by method, on lengths around the vector width
 * (0, 1, primes, multiples ± 1) and non-zero offsets.
 *
 * <ul>
 *   <li>Element-wise ops must be bitwise equal (NaN compared as NaN, signed zeros distinguished), including
 *       on special values: ±0, ±∞, NaN, subnormals.</li>
 *   <li>{@code dot} and {@code sum} may reorder additions. Both backends are within {@code n·u·Σ|tᵢ|} of the
 *       exact sum of the terms tᵢ (u = 2^-24; Higham §3.1, the bound holds for any summation order), so they
 *       differ by at most {@code 2·n·u·Σ|tᵢ|}.</li>
 *   <li>{@code max} is exact; a NaN anywhere makes both NaN.</li>
 * </ul>
 */
class VectorKernelsTest {

    private static final double U = 0x1.0p-24;
    private static final Kernels SCALAR = KernelProvider.scalar();
    private static Kernels vector;

    private static final float[] SPECIALS = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
            Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-40f, -3e-39f};

    @BeforeAll
    static void vectorBackendIsInUse() {
        // the scalar-only surefire execution (no incubator module) has nothing to compare
        assumeTrue(KernelProvider.vectorModulePresent(), "jdk.incubator.vector absent");
        vector = KernelProvider.get();
        assertEquals("vector", vector.name(), "the test JVM runs with jdk.incubator.vector, so the vector backend");
        assertTrue(vector.floatLanes() > 1, "lanes: " + vector.floatLanes());
    }

    /** Lengths 0..130 cover every tail length for widths up to 64; then primes and multiples ± 1 of 16. */
    private static int length(int pick) {
        int[] big = {131, 251, 255, 256, 257, 509, 1021, 1023, 1024, 1025, 4099};
        return pick <= 130 ? pick : big[pick % big.length];
    }

    /** Random floats in [-2, 2); with {@code specials}, one in four replaced by a special value. */
    private static float[] data(Rng rng, int n, boolean specials) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = specials && rng.nextInt(4) == 0 ? SPECIALS[rng.nextInt(SPECIALS.length)] : rng.nextFloat() * 4f - 2f;
        }
        return a;
    }

    private static void assertBitwise(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                throw new AssertionError(what + ": element " + i + " scalar " + expected[i] + " vector " + actual[i]);
            }
        }
    }

    private interface Binary {
        void run(Kernels k, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n);
    }

    private static void checkBinary(String name, Binary op) {
        qt().withExamples(300).withFixedSeed(name.hashCode())
                .forAll(integers().between(0, 150), integers().between(0, 5), longs().all())
                .checkAssert((pick, off, seed) -> {
                    Rng rng = new Rng(seed);
                    int n = length(pick), ao = off, bo = (off * 3) % 7, oo = (off + 2) % 5;
                    boolean specials = rng.nextInt(2) == 0;
                    float[] a = data(rng, ao + n, specials), b = data(rng, bo + n + 1, specials); // b[bo] is the scalar operand
                    float[] os = data(rng, oo + n + 2, false), ov = os.clone();
                    op.run(SCALAR, a, ao, b, bo, os, oo, n);
                    op.run(vector, a, ao, b, bo, ov, oo, n);
                    assertBitwise(os, ov, name + " n=" + n); // the whole array: nothing outside [oo, oo+n) changes
                });
    }

    @Test void add() { checkBinary("add", Kernels::add); }

    @Test void sub() { checkBinary("sub", Kernels::sub); }

    @Test void mul() { checkBinary("mul", Kernels::mul); }

    @Test void div() { checkBinary("div", Kernels::div); }

    @Test void addScalar() { checkBinary("addScalar", (k, a, ao, b, bo, o, oo, n) -> k.addScalar(a, ao, b[bo], o, oo, n)); }

    @Test void scale() { checkBinary("scale", (k, a, ao, b, bo, o, oo, n) -> k.scale(a, ao, b[bo], o, oo, n)); }

    @Test void relu() { checkBinary("relu", (k, a, ao, b, bo, o, oo, n) -> k.relu(a, ao, o, oo, n)); }

    @Test void reluInPlace() { checkBinary("relu in place", (k, a, ao, b, bo, o, oo, n) -> k.relu(o, oo, o, oo, n)); }

    /** reluGrad selects g (b) where x (a) is positive: bitwise, NaN and ±0 in x included. */
    @Test void reluGrad() { checkBinary("reluGrad", (k, a, ao, b, bo, o, oo, n) -> k.reluGrad(a, ao, b, bo, o, oo, n)); }

    /** selectRows keeps x (b) where the flag (a > 0) is set, on three rows at scattered offsets, zero to the width. */
    @Test void selectRows() {
        checkBinary("selectRows", (k, a, ao, b, bo, o, oo, n) -> {
            boolean[] keep = new boolean[a.length];
            for (int i = 0; i < a.length; i++) keep[i] = a[i] > 0f;
            int third = n / 3, width = third + (n % 3 == 0 ? 0 : 1); // three rows of third values and a zero tail, side by side
            k.selectRows(keep, new int[] {ao, ao + n - third, ao + 1}, b, new int[] {bo + n - third, bo, bo + 1},
                    o, new int[] {oo, oo + width, oo + 2 * width}, 3, third, width);
        });
    }

    /**
     * transpose, bitwise, on rows × cols around the vector width (0 to 41 rows: whole vectors and tails) with
     * leading dimensions past the minimum, offsets and special values; nothing outside the transposed block
     * is written.
     */
    @Test void transpose() {
        qt().withExamples(300).forAll(longs().all()).checkAssert(seed -> {
            Rng rng = new Rng(seed);
            int rows = rng.nextInt(42), cols = rng.nextInt(30), ldx = cols + rng.nextInt(4), ldo = rows + rng.nextInt(4);
            int xo = rng.nextInt(3), oo = rng.nextInt(3);
            float[] x = data(rng, xo + rows * ldx + 1, true);
            float[][] outs = new float[2][oo + cols * ldo + 2];
            for (float[] o : outs) Arrays.fill(o, 7f);
            SCALAR.transpose(x, xo, ldx, rows, cols, outs[0], oo, ldo);
            vector.transpose(x, xo, ldx, rows, cols, outs[1], oo, ldo);
            for (int i = 0; i < outs[0].length; i++) {
                assertEquals(Float.floatToRawIntBits(outs[0][i]), Float.floatToRawIntBits(outs[1][i]), "element " + i + " seed " + seed);
                int j = (i - oo) / Math.max(ldo, 1), r = (i - oo) - j * ldo;
                boolean inBlock = i >= oo && ldo > 0 && j < cols && r < rows;
                if (!inBlock) assertEquals(7f, outs[0][i], "written outside the block at " + i);
                else assertEquals(Float.floatToRawIntBits(x[xo + r * ldx + j]), Float.floatToRawIntBits(outs[0][i]), "element " + i);
            }
        });
    }

    /**
     * The SGD step, bitwise, for every combination of weight decay, momentum buffer, first step and Nesterov,
     * on lengths around the vector width with offsets, special values included.
     */
    @Test void sgdStep() {
        Rng rng = new Rng(12);
        for (int pick = 0; pick < 150; pick++) {
            int n = length(pick), po = rng.nextInt(3), go = rng.nextInt(3), bo = rng.nextInt(3);
            for (int flags = 0; flags < 16; flags++) {
                boolean decay = (flags & 1) != 0, withBuf = (flags & 2) != 0, initial = (flags & 4) != 0, nesterov = (flags & 8) != 0;
                boolean specials = pick % 3 == 0;
                float[] p = data(rng, po + n, specials), g = data(rng, go + n, specials), b = withBuf ? data(rng, bo + n, specials) : null;
                float[] p2 = p.clone(), b2 = withBuf ? b.clone() : null;
                float lr = 0.05f, wd = decay ? 5e-4f : 0f;
                SCALAR.sgdStep(p, po, g, go, b, bo, lr, wd, 0.9f, 0.7f, initial, nesterov, n);
                vector.sgdStep(p2, po, g, go, b2, bo, lr, wd, 0.9f, 0.7f, initial, nesterov, n);
                String what = "sgdStep n=" + n + " flags=" + flags;
                assertBitwise(p, p2, what + " p");
                if (withBuf) assertBitwise(b, b2, what + " buf");
            }
        }
    }

    /** affine with sub = b[bo], mul = a scalar from a, add = b[bo]·3: bitwise (three roundings, no fma). */
    @Test void affine() {
        checkBinary("affine", (k, a, ao, b, bo, o, oo, n) -> k.affine(a, ao, b[bo], n > 0 ? a[ao] : 1.5f, b[bo] * 3f, o, oo, n));
    }

    /** The per-element parameter kernels, bitwise; the parameters are b and shifted copies of it. */
    @Test void affineEach() {
        checkBinary("affineEach", (k, a, ao, b, bo, o, oo, n) -> {
            float[] mul = shifted(b, 1), add = shifted(b, 2);
            k.affineEach(a, ao, b, mul, add, bo, o, oo, n);
        });
    }

    @Test void addCentredSquares() { checkBinary("addCentredSquares", (k, a, ao, b, bo, o, oo, n) -> k.addCentredSquares(a, ao, b, bo, o, oo, n)); }

    @Test void addCentredProducts() {
        checkBinary("addCentredProducts", (k, a, ao, b, bo, o, oo, n) -> k.addCentredProducts(shifted(a, 3), ao, a, ao, b, bo, o, oo, n));
    }

    @Test void addProducts() { checkBinary("addProducts", (k, a, ao, b, bo, o, oo, n) -> k.addProducts(a, ao, b, bo, o, oo, n)); }

    /** A copy of {@code v} rotated by {@code by} places and scaled, as a second parameter array of the same length. */
    private static float[] shifted(float[] v, int by) {
        float[] s = new float[v.length];
        for (int i = 0; i < v.length; i++) s[i] = v[(i + by) % v.length] * (0.5f + by);
        return s;
    }

    /** axpy updates y in place; alpha is b[bo], x is a. */
    @Test void axpy() { checkBinary("axpy", (k, a, ao, b, bo, o, oo, n) -> k.axpy(b[bo], a, ao, o, oo, n)); }

    /** axpy4 reads four rows of one array (a), at offsets spread over it, into y (out). */
    @Test void axpy4() {
        checkBinary("axpy4", (k, a, ao, b, bo, o, oo, n) -> {
            float[] x = new float[4 * (n + 3)];
            for (int r = 0; r < 4; r++) System.arraycopy(a, ao, x, r * (n + 3) + r % 3, n);
            for (int i = 0; i < x.length; i++) x[i] += i % 7 * 0.125f; // rows differ
            k.axpy4(b[bo], -b[bo], b[bo] * 3f, 0.5f, x, 0, n + 4, 2 * (n + 3) + 2, 3 * (n + 3), o, oo, n);
        });
    }

    /** The scalar axpy4 is, bitwise, four scalar axpys in order (its contract). */
    @Test void axpy4IsFourAxpysInOrder() {
        qt().withExamples(200).withFixedSeed(43)
                .forAll(integers().between(0, 150), longs().all())
                .checkAssert((pick, seed) -> {
                    Rng rng = new Rng(seed);
                    int n = length(pick);
                    boolean specials = rng.nextInt(2) == 0;
                    float[] x = data(rng, 4 * n + 5, specials), a = data(rng, 4, specials);
                    int[] off = {rng.nextInt(2), n + 1 + rng.nextInt(2), 2 * n + 3, 3 * n + 4 + rng.nextInt(2)};
                    float[] y1 = data(rng, n + 2, false), y2 = y1.clone();
                    SCALAR.axpy4(a[0], a[1], a[2], a[3], x, off[0], off[1], off[2], off[3], y1, 1, n);
                    for (int r = 0; r < 4; r++) SCALAR.axpy(a[r], x, off[r], y2, 1, n);
                    assertBitwise(y2, y1, "axpy4 vs 4 axpy, n=" + n);
                });
    }

    /** dot4 is, bitwise, four dots of the same backend (its contract), on both backends. */
    @Test void dot4IsFourDots() {
        qt().withExamples(200).withFixedSeed(47)
                .forAll(integers().between(0, 150), longs().all())
                .checkAssert((pick, seed) -> {
                    Rng rng = new Rng(seed);
                    int n = length(pick);
                    boolean specials = rng.nextInt(2) == 0;
                    float[] a = data(rng, n + 2, specials), b = data(rng, 4 * n + 6, specials);
                    int[] off = {rng.nextInt(2), n + 1 + rng.nextInt(2), 2 * n + 3, 3 * n + 4 + rng.nextInt(2)};
                    for (Kernels k : new Kernels[] {SCALAR, vector}) {
                        float[] got = new float[6];
                        k.dot4(a, 1, b, off[0], off[1], off[2], off[3], n, got, 1);
                        float[] want = {0f, k.dot(a, 1, b, off[0], n), k.dot(a, 1, b, off[1], n), k.dot(a, 1, b, off[2], n),
                                k.dot(a, 1, b, off[3], n), 0f};
                        assertBitwise(want, got, k.getClass().getSimpleName() + " dot4 vs 4 dots, n=" + n);
                    }
                });
    }

    @Test void elementWiseOpsMayWriteOverTheirInputs() {
        checkBinary("add over a", (k, a, ao, b, bo, o, oo, n) -> {
            float[] a2 = a.clone();
            k.add(a2, ao, b, bo, a2, ao, n);
            System.arraycopy(a2, ao, o, oo, n);
        });
    }

    @Test
    void dotAndSumAgreeWithinTheSummationBound() {
        qt().withExamples(400).withFixedSeed(41)
                .forAll(integers().between(0, 150), integers().between(0, 5), longs().all())
                .checkAssert((pick, off, seed) -> {
                    Rng rng = new Rng(seed);
                    int n = length(pick), ao = off, bo = (off * 3) % 7;
                    float scale = (float) Math.pow(2, rng.nextInt(41) - 20); // magnitudes 2^-20 .. 2^20
                    float[] a = data(rng, ao + n, false), b = data(rng, bo + n, false);
                    for (int i = 0; i < a.length; i++) a[i] *= scale;
                    double absDot = 0, absSum = 0;
                    for (int i = 0; i < n; i++) {
                        absDot += Math.abs((double) a[ao + i] * b[bo + i]);
                        absSum += Math.abs((double) a[ao + i]);
                    }
                    float ds = SCALAR.dot(a, ao, b, bo, n), dv = vector.dot(a, ao, b, bo, n);
                    assertEquals(ds, dv, 2 * n * U * absDot, "dot n=" + n);
                    float ss = SCALAR.sum(a, ao, n), sv = vector.sum(a, ao, n);
                    assertEquals(ss, sv, 2 * n * U * absSum, "sum n=" + n);
                    // centred reductions: the differences are rounded identically, so only the products and sums may differ
                    float mu = b.length > 0 ? b[0] * scale : 0f;
                    double absSq = 0, absCd = 0;
                    for (int i = 0; i < n; i++) {
                        float d = a[ao + i] - mu;
                        absSq += (double) d * d;
                        absCd += Math.abs((double) b[bo + i] * d);
                    }
                    assertEquals(SCALAR.centredSquares(a, ao, mu, n), vector.centredSquares(a, ao, mu, n), 2 * (n + 1) * U * absSq, "centredSquares n=" + n);
                    assertEquals(SCALAR.centredDot(b, bo, a, ao, mu, n), vector.centredDot(b, bo, a, ao, mu, n), 2 * (n + 1) * U * absCd, "centredDot n=" + n);
                    if (n == 0) {
                        assertEquals(0f, vector.centredSquares(a, ao, mu, n));
                        assertEquals(0f, dv);
                        assertEquals(0f, sv);
                    }
                });
    }

    @Test
    void maxIsExactAndNaNPropagatesFromAnyPosition() {
        qt().withExamples(400).withFixedSeed(42)
                .forAll(integers().between(0, 150), integers().between(0, 5), longs().all())
                .checkAssert((pick, off, seed) -> {
                    Rng rng = new Rng(seed);
                    int n = length(pick);
                    float[] a = data(rng, off + n, false);
                    if (n > 0 && rng.nextInt(3) == 0) a[off + rng.nextInt(n)] = rng.nextInt(2) == 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
                    float ms = SCALAR.max(a, off, n), mv = vector.max(a, off, n);
                    float naive = Float.NEGATIVE_INFINITY;
                    for (int i = 0; i < n; i++) naive = Math.max(naive, a[off + i]);
                    assertEquals(naive, ms, 0f, "scalar max n=" + n);
                    assertEquals(ms, mv, 0f, "vector max n=" + n);
                    if (n > 0) {
                        int at = rng.nextInt(n);
                        a[off + at] = Float.NaN;
                        assertTrue(Float.isNaN(SCALAR.max(a, off, n)), "scalar max, NaN at " + at);
                        assertTrue(Float.isNaN(vector.max(a, off, n)), "vector max, NaN at " + at + " of " + n);
                        assertTrue(Float.isNaN(vector.sum(a, off, n)), "vector sum, NaN at " + at);
                        assertTrue(Float.isNaN(vector.dot(a, off, a, off, n)), "vector dot, NaN at " + at);
                    }
                });
    }

    @Test
    void elementsOutsideTheRangeAreNeverRead() {
        // A NaN just before and after the range must not leak into the reductions.
        for (int n = 0; n <= 70; n++) {
            float[] a = new float[n + 2];
            Arrays.fill(a, 1f);
            a[0] = Float.NaN;
            a[n + 1] = Float.NaN;
            assertEquals(n, vector.sum(a, 1, n), 0f, "sum n=" + n);
            assertEquals(n, vector.dot(a, 1, a, 1, n), 0f, "dot n=" + n);
            assertEquals(n == 0 ? Float.NEGATIVE_INFINITY : 1f, vector.max(a, 1, n), 0f, "max n=" + n);
        }
    }
}
