package dev.shears.codec.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.tensor.random.Rng;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QuantizerTest {

    static float[] sparseWeights(Rng rng, int n, double density, int distinctCap) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            if (rng.nextDouble() >= density) continue;
            w[i] = distinctCap > 0 ? (1 + rng.nextInt(distinctCap)) * 0.125f * (rng.nextInt(2) == 0 ? -1 : 1)
                    : (float) rng.nextGaussian() * 0.05f;
        }
        return w;
    }

    static List<Quantizer> all(long seed) {
        return List.of(new UniformQuantizer(), new KMeansQuantizer(), new ProbabilisticQuantizer(seed),
                new EntropyConstrainedQuantizer());
    }

    /**
     * Property (every quantizer): zeros stay zero; at most k ascending levels; every nonzero weight maps to a
     * codebook entry; same input gives the same output.
     */
    @Test void commonInvariants() {
        qt().withExamples(120).forAll(longs().all(), integers().between(0, 400), integers().between(1, 40), integers().between(0, 6))
                .checkAssert((seed, n, k, cap) -> {
                    float[] w = sparseWeights(new Rng(seed), n, 0.6, cap);
                    for (Quantizer qz : all(seed)) {
                        QuantizedWeights r = qz.quantize(w, k);
                        assertTrue(r.levels() <= k, qz.name());
                        for (int l = 1; l < r.levels(); l++) assertTrue(r.centroids()[l - 1] < r.centroids()[l], qz.name());
                        float[] v = r.values();
                        Set<Float> seen = new HashSet<>();
                        for (int i = 0; i < n; i++) {
                            if (w[i] == 0f) assertEquals(0f, v[i], qz.name());
                            if (r.assignment()[i] >= 0) seen.add(v[i]);
                        }
                        assertTrue(seen.size() <= k);
                        assertArrayEquals(r.assignment(), qz.quantize(w.clone(), k).assignment(), qz.name());
                        assertArrayEquals(r.centroids(), qz.quantize(w.clone(), k).centroids(), qz.name());
                    }
                });
    }

    /** Property (CWS): at a Lloyd fixed point every weight sits at its nearest centroid and centroids are means. */
    @Test void kMeansReachesALloydFixedPoint() {
        qt().withExamples(60).forAll(longs().all(), integers().between(1, 600), integers().between(1, 16)).checkAssert((seed, n, k) -> {
            float[] w = sparseWeights(new Rng(seed), n, 0.5, 0);
            QuantizedWeights r = new KMeansQuantizer(10_000).quantize(w, k);
            float[] c = r.centroids();
            double[] sum = new double[c.length];
            int[] cnt = new int[c.length];
            for (int i = 0; i < n; i++) {
                int a = r.assignment()[i];
                if (a < 0) continue;
                sum[a] += w[i];
                cnt[a]++;
                for (float other : c) assertTrue(Math.abs(w[i] - c[a]) <= Math.abs(w[i] - other) + 1e-6f);
            }
            for (int l = 0; l < c.length; l++) assertEquals(sum[l] / cnt[l], c[l], 1e-6);
        });
    }

    /** Property (PWS): stochastic rounding is unbiased — averaged over seeds, each weight is recovered. */
    @Test void probabilisticRoundingIsUnbiased() {
        float[] w = sparseWeights(new Rng(3), 40, 1.0, 0);
        int seeds = 4000;
        double[] mean = new double[w.length];
        for (int s = 0; s < seeds; s++) {
            float[] v = new ProbabilisticQuantizer(s).quantize(w, 4).values();
            for (int i = 0; i < w.length; i++) mean[i] += v[i] / (double) seeds;
        }
        QuantizedWeights r = new ProbabilisticQuantizer(0).quantize(w, 4);
        double gap = r.centroids()[r.levels() - 1] - r.centroids()[0];
        for (int i = 0; i < w.length; i++) {
            // Bernoulli between two levels at most `gap` apart: std of the mean ≤ gap / (2√seeds); allow 5σ.
            assertEquals(w[i], mean[i], 5 * gap / (2 * Math.sqrt(seeds)), "weight " + i);
        }
    }

    /** Property (UQ): each weight becomes δ·round(w/δ) for the smallest grid step δ leaving ≤ k values. */
    @Test void uniformUsesTheSmallestSufficientStep() {
        qt().withExamples(80).forAll(longs().all(), integers().between(2, 32)).checkAssert((seed, k) -> {
            float[] w = sparseWeights(new Rng(seed), 300, 0.7, 0);
            SortedNonzeros s = new SortedNonzeros(w, k);
            if (s.distinct <= k) return;
            double delta = UniformQuantizer.chooseStep(s.values, k);
            double deltaStar = (s.values[s.size() - 1] - s.values[0]) / (k - 1);
            assertTrue(delta <= deltaStar * (1 + 1e-6));
            assertTrue(UniformQuantizer.distinctRounded(s.values, delta) <= k);
            double previous = delta - deltaStar / UniformQuantizer.STEPS;
            if (previous > deltaStar * 1e-9) assertTrue(UniformQuantizer.distinctRounded(s.values, previous) > k);
            float[] v = new UniformQuantizer().quantize(w, k).values();
            for (int i = 0; i < w.length; i++) {
                if (w[i] != 0) assertEquals((float) (delta * Math.round(w[i] / delta)), v[i]);
            }
        });
    }

    /** A larger rate weight λ never raises the entropy of the ECSQ assignment on these layers. */
    @Test void ecsqRateWeightLowersEntropy() {
        for (long seed = 0; seed < 5; seed++) {
            float[] w = sparseWeights(new Rng(seed), 4000, 0.5, 0);
            double h0 = entropy(new EntropyConstrainedQuantizer(0, 100).quantize(w, 16));
            double h1 = entropy(new EntropyConstrainedQuantizer(2.0, 100).quantize(w, 16));
            assertTrue(h1 <= h0 + 1e-9, "seed " + seed + ": " + h1 + " > " + h0);
        }
    }

    private static double entropy(QuantizedWeights r) {
        int[] cnt = new int[r.levels()];
        int q = 0;
        for (int a : r.assignment()) if (a >= 0) { cnt[a]++; q++; }
        double h = 0;
        for (int c : cnt) if (c > 0) h -= (double) c / q * Math.log((double) c / q);
        return h;
    }

    /** Property: centroid gradients equal the naive per-level sum of the assigned weights' gradients. */
    @Test void centroidGradientIsSumOfAssignedGradients() {
        qt().withExamples(100).forAll(longs().all(), integers().between(0, 300), integers().between(1, 20)).checkAssert((seed, n, k) -> {
            Rng rng = new Rng(seed);
            float[] g = new float[n];
            int[] a = new int[n];
            for (int i = 0; i < n; i++) {
                g[i] = (float) rng.nextGaussian();
                a[i] = rng.nextInt(k + 1) - 1;
            }
            float[] out = CentroidGradient.of(g, a, k);
            for (int l = 0; l < k; l++) {
                double s = 0;
                for (int i = 0; i < n; i++) if (a[i] == l) s += g[i];
                assertEquals(s, out[l], 1e-4);
            }
        });
    }
}
