package dev.shears.prune.momentum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MomentumPruningTest {

    private static int active(Tensor m) {
        int a = 0;
        for (float v : m.toArray()) if (v != 0f) a++;
        return a;
    }

    private static List<Tensor> randomLayers(Rng rng, int layers, boolean halfMasked) {
        List<Tensor> out = new ArrayList<>();
        for (int l = 0; l < layers; l++) out.add(Tensor.normal(rng, 0, 1, 4 + 3 * l, 3));
        if (halfMasked) for (Tensor t : out) for (int i = 0; i < t.numel(); i++) t.data()[i] = rng.nextInt(2);
        return out;
    }

    @Test
    void sparseMomentumKeepsTotalDensityPrunesSmallestAndRegrowsByMomentum() {
        qt().forAll(longs().all(), doubles().between(0, 0.5)).checkAssert((seed, rate) -> {
            Rng rng = new Rng(seed);
            int layers = 1 + rng.nextInt(4);
            List<Tensor> w = randomLayers(rng, layers, false), mom = randomLayers(rng, layers, false);
            List<Tensor> masks = randomLayers(rng, layers, true);
            for (int l = 0; l < layers; l++) w.get(l).muli(masks.get(l));
            int before = 0;
            for (Tensor m : masks) before += active(m);
            List<Tensor> oldMasks = masks.stream().map(Tensor::copy).toList();
            List<Tensor> oldW = w.stream().map(Tensor::copy).toList();
            var changes = SparseMomentum.step(w, masks, mom, rate);
            int after = 0, pruned = 0, regrown = 0;
            for (int l = 0; l < layers; l++) {
                after += active(masks.get(l));
                pruned += changes.get(l).pruned();
                regrown += changes.get(l).regrown();
                float[] m = masks.get(l).data(), om = oldMasks.get(l).data(), wd = w.get(l).data(), owd = oldW.get(l).data();
                float[] mu = mom.get(l).data();
                // every weight whose mask is 0 is 0; regrown weights start at 0
                for (int i = 0; i < m.length; i++) if (m[i] == 0f || om[i] == 0f) assertTrue(wd[i] == 0f, "masked weight is zero (either sign)");
                // pruned (1 -> 0) weights are no larger than any surviving (1 -> 1) weight
                float maxPruned = 0, minKept = Float.POSITIVE_INFINITY;
                for (int i = 0; i < m.length; i++) {
                    if (om[i] != 0f && m[i] == 0f) maxPruned = Math.max(maxPruned, Math.abs(owd[i]));
                    if (om[i] != 0f && m[i] != 0f) minKept = Math.min(minKept, Math.abs(owd[i]));
                }
                // a weight pruned this step may be regrown in the same step, so only check when none was
                if (changes.get(l).regrown() == 0) assertTrue(maxPruned <= minKept, "layer " + l);
                // regrown (x -> 1 from 0 after pruning) have momentum >= every still-dead weight
                float minGrown = Float.POSITIVE_INFINITY, maxDead = 0;
                for (int i = 0; i < m.length; i++) {
                    boolean deadAfterPrune = om[i] == 0f || (m[i] == 0f);
                    if (m[i] != 0f && om[i] == 0f) minGrown = Math.min(minGrown, Math.abs(mu[i]));
                    if (m[i] == 0f && deadAfterPrune) maxDead = Math.max(maxDead, Math.abs(mu[i]));
                }
                if (minGrown != Float.POSITIVE_INFINITY) assertTrue(minGrown >= maxDead, "regrowth by momentum, layer " + l);
            }
            assertEquals(pruned, regrown, "what is pruned is regrown");
            assertEquals(before, after, "density is constant");
        });
    }

    @Test
    void cosinePruneRateDecaysToZero() {
        assertEquals(0.5, SparseMomentum.cosinePruneRate(0.5, 0), 1e-12);
        assertEquals(0.25, SparseMomentum.cosinePruneRate(0.5, 0.5), 1e-12);
        assertEquals(0.0, SparseMomentum.cosinePruneRate(0.5, 1), 1e-12);
    }

    @Test
    void weightMomHitsTheTargetKeepsEveryLayerAndPrunesTheLowestAverages() {
        qt().forAll(longs().all(), doubles().between(0, 0.95), doubles().between(-1, 2)).checkAssert((seed, target, gamma) -> {
            Rng rng = new Rng(seed);
            int layers = 1 + rng.nextInt(4);
            List<Tensor> w = randomLayers(rng, layers, false);
            List<Tensor> masks = new ArrayList<>();
            int total = 0;
            for (Tensor t : w) {
                masks.add(Tensor.ones(t.shape()));
                total += t.numel();
            }
            WeightMomentum wm = new WeightMomentum(w, 0.9, gamma);
            for (int s = 0; s < 3; s++) {
                for (Tensor t : w) t.axpyi(0.1f, Tensor.normal(rng, 0, 1, t.shape()));
                wm.observe(w);
            }
            List<Tensor> avg = wm.averages().stream().map(Tensor::copy).toList();
            wm.select(w, masks, target);
            int act = 0;
            for (int l = 0; l < layers; l++) {
                int a = active(masks.get(l));
                assertTrue(a >= 1, "layer emptied");
                act += a;
                float[] m = masks.get(l).data(), av = avg.get(l).data();
                float maxPruned = Float.NEGATIVE_INFINITY, minKept = Float.POSITIVE_INFINITY;
                for (int i = 0; i < m.length; i++) {
                    if (m[i] == 0f) {
                        maxPruned = Math.max(maxPruned, av[i]);
                        assertTrue(w.get(l).data()[i] == 0f);
                    } else {
                        minKept = Math.min(minKept, av[i]);
                    }
                }
                assertTrue(maxPruned <= minKept);
            }
            long want = total - Math.round(target * total);
            assertEquals(Math.max(want, layers), act, "exact unless every layer is down to one weight");
        });
    }

    @Test
    void weightMomAverageIsAnExponentialMovingAverageOfMagnitudes() {
        Tensor w = Tensor.of(new float[] {2f, -4f}, 2);
        WeightMomentum wm = new WeightMomentum(List.of(w), 0.5, 1);
        w.data()[0] = -6f;
        w.data()[1] = 0f;
        wm.observe(List.of(w));
        assertEquals(4f, wm.averages().get(0).data()[0]); // 0.5·2 + 0.5·6
        assertEquals(2f, wm.averages().get(0).data()[1]); // 0.5·4 + 0.5·0
    }
}
