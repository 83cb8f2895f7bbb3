package dev.shears.prune.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.prune.score.MaskSelector.LayerScores;
import dev.shears.prune.score.MaskSelector.Scope;
import dev.shears.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaskSelectorTest {

    /** Scores drawn from few distinct values so ties are common. */
    private static double[] tiedScores(Rng rng, int n) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) s[i] = rng.nextInt(4);
        return s;
    }

    private static int pruned(boolean[] keep) {
        int p = 0;
        for (boolean k : keep) if (!k) p++;
        return p;
    }

    @Test
    void localPruningIsExactDeterministicAndPrunesTheLowestScores() {
        qt().forAll(integers().between(1, 200), doubles().between(0, 1), longs().all()).checkAssert((n, s, seed) -> {
            double[] scores = tiedScores(new Rng(seed), n);
            List<boolean[]> a = MaskSelector.select(List.of(new LayerScores(scores, 1)), s, Scope.LOCAL);
            List<boolean[]> b = MaskSelector.select(List.of(new LayerScores(scores.clone(), 1)), s, Scope.LOCAL);
            assertArrayEquals(a.get(0), b.get(0), "same input, same mask");
            int expected = Math.min((int) Math.round(s * n), n - 1);
            assertEquals(expected, pruned(a.get(0)), "exact count");
            // every pruned score <= every kept score
            double maxPruned = Double.NEGATIVE_INFINITY, minKept = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (a.get(0)[i]) minKept = Math.min(minKept, scores[i]);
                else maxPruned = Math.max(maxPruned, scores[i]);
            }
            assertTrue(maxPruned <= minKept);
        });
    }

    @Test
    void globalAndLocalAgreeOnASingleLayer() {
        qt().forAll(integers().between(1, 300), doubles().between(0, 0.99), longs().all()).checkAssert((n, s, seed) -> {
            double[] scores = tiedScores(new Rng(seed), n);
            var layer = List.of(new LayerScores(scores, 1));
            assertArrayEquals(MaskSelector.select(layer, s, Scope.LOCAL).get(0), MaskSelector.select(layer, s, Scope.GLOBAL).get(0));
        });
    }

    @Test
    void globalHitsTheWeightTargetWithinOneGroupAndNeverEmptiesALayer() {
        qt().forAll(integers().between(1, 6), doubles().between(0, 1), longs().all()).checkAssert((layers, s, seed) -> {
            Rng rng = new Rng(seed);
            List<LayerScores> in = new ArrayList<>();
            long total = 0;
            int maxGroup = 1;
            for (int l = 0; l < layers; l++) {
                int groups = 1 + rng.nextInt(40), size = 1 + rng.nextInt(9);
                in.add(new LayerScores(tiedScores(rng, groups), size));
                total += (long) groups * size;
                maxGroup = Math.max(maxGroup, size);
            }
            List<boolean[]> keep = MaskSelector.select(in, s, Scope.GLOBAL);
            long prunedWeights = 0, protectedWeights = 0;
            for (int l = 0; l < layers; l++) {
                assertTrue(pruned(keep.get(l)) < keep.get(l).length, "layer " + l + " emptied");
                prunedWeights += (long) pruned(keep.get(l)) * in.get(l).groupSize();
                protectedWeights += in.get(l).groupSize();
            }
            long target = Math.min(Math.round(s * total), total - protectedWeights);
            assertTrue(prunedWeights <= Math.round(s * total) + maxGroup / 2 + 1, "overshoot");
            assertTrue(prunedWeights >= target - maxGroup, "undershoot: " + prunedWeights + " vs " + target);
        });
    }

    @Test
    void orderSortsByScoreThenIndexIncludingNegativesAndZeros() {
        qt().forAll(longs().all(), integers().between(0, 300)).checkAssert((seed, n) -> {
            Rng rng = new Rng(seed);
            double[] s = new double[n];
            for (int i = 0; i < n; i++) s[i] = (rng.nextInt(7) - 3) * (rng.nextInt(3) == 0 ? 0.0 : rng.nextFloat());
            int[] o = MaskSelector.order(s);
            assertEquals((long) n, java.util.Arrays.stream(o).distinct().count(), "a permutation");
            for (int i = 1; i < n; i++) {
                float a = (float) s[o[i - 1]], b = (float) s[o[i]];
                assertTrue(a < b || (a == b && o[i - 1] < o[i]), "order at " + i + ": " + a + "@" + o[i - 1] + " then " + b + "@" + o[i]);
            }
        });
    }

    @Test
    void unstructuredGlobalIsExact() {
        qt().forAll(integers().between(2, 5), doubles().between(0, 0.95), longs().all()).checkAssert((layers, s, seed) -> {
            Rng rng = new Rng(seed);
            List<LayerScores> in = new ArrayList<>();
            int total = 0;
            for (int l = 0; l < layers; l++) {
                int n = 20 + rng.nextInt(50);
                double[] sc = new double[n];
                for (int i = 0; i < n; i++) sc[i] = rng.nextDouble() + l; // later layers score higher
                in.add(new LayerScores(sc, 1));
                total += n;
            }
            List<boolean[]> keep = MaskSelector.select(in, s, Scope.GLOBAL);
            int pruned = 0;
            for (boolean[] k : keep) pruned += pruned(k);
            long target = Math.round(s * total);
            // exact unless the one-group-per-layer guard binds
            assertEquals(Math.min(target, total - layers), pruned);
        });
    }
}
