package dev.shears.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.nn.BatchNorm2d;
import dev.shears.nn.Sequential;
import dev.shears.nn.optim.Sgd;
import dev.shears.prune.schedule.PruningSchedule;
import dev.shears.prune.schedule.ScheduleShape;
import dev.shears.prune.score.Criterion;
import dev.shears.prune.score.Granularity;
import dev.shears.prune.score.MaskSelector.Scope;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrunerTest {

    private static long zeros(Tensor t) {
        long z = 0;
        for (float v : t.toArray()) if (v == 0f) z++;
        return z;
    }

    @Test
    void globalUnstructuredPruningIsExactAndDeterministic() {
        qt().withExamples(40).forAll(longs().all(), doubles().between(0, 0.95)).checkAssert((seed, s) -> {
            Sequential a = TinyNets.convNet(seed), b = TinyNets.convNet(seed);
            MaskSet ma = Prune.prune(a, "magnitude", s), mb = Prune.prune(b, "magnitude", s);
            long total = 0, pruned = 0;
            for (PrunableLayer l : ma.layers()) {
                total += l.size();
                pruned += zeros(l.weight().data());
                assertArrayEquals(ma.mask(l).toArray(), mb.masks().get(l.weightName()).toArray(), 0f);
            }
            assertEquals(Math.round(s * total), pruned, "exact count of zeroed weights");
            assertEquals(Math.round(s * total) / (double) total, ma.sparsity(), 1e-12);
        });
    }

    @Test
    void localPruningHitsEveryLayer() {
        Sequential net = TinyNets.convNet(5);
        MaskSet m = Prune.prune(net, Criterion.LARGE_FINAL, Granularity.WEIGHT, Scope.LOCAL, LayerSelector.defaults(), 0.7, 0);
        for (PrunableLayer l : m.layers()) assertEquals(Math.round(0.7 * l.size()), zeros(l.weight().data()), l.name());
    }

    @Test
    void classifierIsExcludedByDefault() {
        Sequential net = TinyNets.convNet(5);
        List<PrunableLayer> layers = LayerSelector.defaults().select(net);
        assertEquals(List.of("0", "3", "8"), layers.stream().map(PrunableLayer::name).toList());
        assertEquals(4, LayerSelector.defaults().includeClassifier(true).select(net).size());
        assertEquals(List.of("0", "3"), LayerSelector.convOnly().select(net).stream().map(PrunableLayer::name).toList());
    }

    @Test
    void filterPruningZeroesWholeFiltersWithTheirBiasAndBatchNorm() {
        Sequential net = TinyNets.convNet(9);
        MaskSet m = Prune.prune(net, Criterion.LARGE_FINAL, Granularity.FILTER, Scope.LOCAL, LayerSelector.convOnly(), 0.5, 0);
        PrunableLayer conv = m.layers().get(1); // 6 -> 8 channels
        Tensor w = conv.weight().data();
        BatchNorm2d bn = (BatchNorm2d) net.get(4);
        int removed = 0;
        for (int o = 0; o < 8; o++) {
            long nz = 0;
            for (int i = 0; i < 6 * 9; i++) if (w.data()[o * 54 + i] != 0f) nz++;
            if (nz == 0) {
                removed++;
                assertEquals(0f, conv.bias().data().data()[o]);
                assertEquals(0f, bn.weight().data().data()[o]);
                assertEquals(0f, bn.bias().data().data()[o]);
            }
        }
        assertEquals(4, removed);
    }

    @Test
    void maskedWeightsStayExactlyZeroThroughMomentumAndWeightDecay() {
        Sequential net = TinyNets.convNet(3);
        Rng rng = new Rng(4);
        Tensor x = Tensor.normal(rng, 0, 1, 6, 1, 8, 8);
        int[] y = {0, 1, 2, 0, 1, 2};
        List<PrunableLayer> layers = LayerSelector.defaults().select(net);
        MaskSet masks = new MaskSet(net, layers);
        Pruner pruner = new Pruner(Criterion.LARGE_FINAL, Granularity.WEIGHT, Scope.GLOBAL, layers, 0);
        PruningCallback cb = new PruningCallback(pruner, masks, new PruningSchedule(ScheduleShape.AGP, 0, 0.8, 0, 0.5, 3), 1);
        Sgd sgd = new Sgd(net.namedParameters(), 0.05, 0.9, 0, 5e-4, true);
        new ManualLoop(net, sgd, 30).run(x, y, List.of(cb));
        assertEquals(0.8, masks.sparsity(), 1e-3);
        for (PrunableLayer l : layers) {
            float[] w = l.weight().data().toArray(), mk = masks.mask(l).toArray();
            for (int i = 0; i < w.length; i++) if (mk[i] == 0f) assertTrue(w[i] == 0f, l.name() + "[" + i + "] = " + w[i]);
        }
        assertTrue(cb.pruneEvents() >= 3, "gradual: several pruning events, got " + cb.pruneEvents());
    }

    @Test
    void sparsityOnlyGrowsWhileTheTargetGrows() {
        Sequential net = TinyNets.convNet(8);
        List<PrunableLayer> layers = LayerSelector.defaults().select(net);
        MaskSet masks = new MaskSet(net, layers);
        Pruner p = new Pruner(Criterion.LARGE_FINAL, Granularity.WEIGHT, Scope.GLOBAL, layers, 0);
        p.prune(masks, 0.3);
        List<float[]> before = layers.stream().map(l -> masks.mask(l).toArray()).toList();
        // perturb surviving weights so magnitudes reorder, then prune further
        Rng rng = new Rng(1);
        for (PrunableLayer l : layers) l.weight().data().addi(Tensor.normal(rng, 0, 0.5f, l.weight().data().shape()).mul(masks.mask(l)));
        p.prune(masks, 0.6);
        for (int i = 0; i < layers.size(); i++) {
            float[] after = masks.mask(layers.get(i)).toArray();
            for (int e = 0; e < after.length; e++) if (before.get(i)[e] == 0f) assertEquals(0f, after[e], "a pruned weight came back");
        }
    }

    @Test
    void reportCountsZeros() {
        Sequential net = TinyNets.convNet(2);
        MaskSet m = Prune.prune(net, "magnitude", 0.5);
        SparsityReport r = SparsityReport.of(net, m.layers());
        assertEquals(0.5, r.layersSparsity(), 1e-3);
        assertTrue(r.modelSparsity() < 0.5 && r.modelSparsity() > 0.3);
        assertTrue(r.toCsv().startsWith("layer,shape,params,nonzeros,sparsity\n0.weight,\"6x1x3x3\",54,"));
        assertTrue(r.toJson().contains("\"name\":\"3.weight\""));
    }
}
