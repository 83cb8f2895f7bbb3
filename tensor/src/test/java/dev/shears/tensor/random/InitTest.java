package dev.shears.tensor.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;

/**
 * The torch.nn.init formulas: uniform inits stay inside ±bound and fill it (the extremes come within 1% of
 * it over 10 000 draws), normal inits have the formula's standard deviation (within five standard errors).
 */
class InitTest {

    private static final int N = 10_000;

    private static void assertUniformWithin(float[] w, double bound, String what) {
        float b = (float) bound;
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (float v : w) {
            assertTrue(v >= -b && v < b, what + ": " + v + " outside [-" + b + ", " + b + ")");
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        assertTrue(lo < -0.99 * bound && hi > 0.99 * bound, what + ": draws span [" + lo + ", " + hi + "] of ±" + bound);
    }

    private static void assertNormalStd(float[] w, double std, String what) {
        double s = 0, ss = 0;
        for (float v : w) {
            s += v;
            ss += (double) v * v;
        }
        double mean = s / w.length, sd = Math.sqrt(ss / w.length - mean * mean);
        assertEquals(0.0, mean, 5 * std / Math.sqrt(w.length), what + " mean");
        assertEquals(std, sd, 5 * std / Math.sqrt(2.0 * w.length), what + " std"); // se(s) ≈ σ/√(2n)
    }

    @Test
    void uniformInitsRespectTheirBounds() {
        qt().withExamples(20).withFixedSeed(91)
                .forAll(integers().between(1, 5000), integers().between(1, 5000), longs().all())
                .checkAssert((fanIn, fanOut, seed) -> {
                    Rng rng = new Rng(seed);
                    float[] w = new float[N];
                    double relu = Init.gain("relu", 0);
                    Init.kaimingUniform(rng, w, fanIn, relu);
                    assertUniformWithin(w, relu * Math.sqrt(3.0 / fanIn), "kaimingUniform fanIn " + fanIn);
                    Init.xavierUniform(rng, w, fanIn, fanOut, 1.0);
                    assertUniformWithin(w, Math.sqrt(6.0 / (fanIn + fanOut)), "xavierUniform");
                    Init.torchDefault(rng, w, fanIn);
                    assertUniformWithin(w, 1 / Math.sqrt(fanIn), "torchDefault");
                    // torchDefault is kaiming_uniform with a = √5: gain √(2/6), bound gain·√(3/fanIn) = 1/√fanIn
                    assertEquals(1 / Math.sqrt(fanIn), Init.gain("leaky_relu", Math.sqrt(5)) * Math.sqrt(3.0 / fanIn), 1e-12);
                });
    }

    @Test
    void normalInitsHaveTheFormulaStandardDeviation() {
        Rng rng = new Rng(92);
        float[] w = new float[N];
        for (int fan : new int[] {1, 27, 576, 4608}) {
            Init.kaimingNormal(rng, w, fan, Init.gain("relu", 0));
            assertNormalStd(w, Math.sqrt(2.0 / fan), "kaimingNormal fan " + fan);
            Init.xavierNormal(rng, w, fan, 2 * fan, Init.gain("tanh", 0));
            assertNormalStd(w, 5.0 / 3.0 * Math.sqrt(2.0 / (3 * fan)), "xavierNormal fan " + fan);
        }
    }

    @Test
    void gainsFollowTorch() {
        assertEquals(1.0, Init.gain("linear", 0));
        assertEquals(1.0, Init.gain("sigmoid", 0));
        assertEquals(5.0 / 3, Init.gain("tanh", 0));
        assertEquals(Math.sqrt(2), Init.gain("relu", 0), 1e-15);
        assertEquals(Math.sqrt(2 / (1 + 0.01 * 0.01)), Init.gain("leaky_relu", 0.01), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Init.gain("swish", 0));
    }

    @Test
    void zeroFanIsRejectedUnlessTheWeightIsEmpty() {
        Rng rng = new Rng(93);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Init.kaimingUniform(rng, new float[3], 0, 1.0));
        assertTrue(e.getMessage().contains("kaimingUniform") && e.getMessage().contains("0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Init.kaimingNormal(rng, new float[3], 0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> Init.xavierUniform(rng, new float[3], 0, 0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> Init.xavierNormal(rng, new float[3], 0, 0, 1.0));
        Init.kaimingUniform(rng, new float[0], 0, 1.0); // nothing to fill: a no-op, as in PyTorch
        float[] w = {5f, 5f};
        Init.torchDefault(rng, w, 0); // bound 0
        assertEquals(0f, Math.abs(w[0]));
        assertEquals(0f, Math.abs(w[1]));
    }
}
