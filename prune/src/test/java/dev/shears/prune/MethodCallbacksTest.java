package dev.shears.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shears.autograd.Variable;
import dev.shears.nn.Sequential;
import dev.shears.nn.optim.Sgd;
import dev.shears.prune.halo.HaloCallback;
import dev.shears.prune.halo.HaloPenalty;
import dev.shears.prune.momentum.SparseMomentumCallback;
import dev.shears.prune.momentum.WeightMomCallback;
import dev.shears.prune.schedule.PruningSchedule;
import dev.shears.prune.schedule.ScheduleShape;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

class MethodCallbacksTest {

    private static final Tensor X = Tensor.normal(new Rng(4), 0, 1, 6, 1, 8, 8);
    private static final int[] Y = {0, 1, 2, 0, 1, 2};

    private static double l1(List<PrunableLayer> layers) {
        double s = 0;
        for (PrunableLayer l : layers) for (float v : l.weight().data().toArray()) s += Math.abs(v);
        return s;
    }

    @Test
    void haloShrinksPenalisedWeightsAndTrainsItsScales() {
        Sequential plain = TinyNets.convNet(3), halo = TinyNets.convNet(3);
        new ManualLoop(plain, new Sgd(plain.namedParameters(), 0.05, 0.9, 0), 40).run(X, Y, List.of());
        List<PrunableLayer> convs = LayerSelector.convOnly().select(halo);
        List<Variable> weights = convs.stream().map(PrunableLayer::weight).toList();
        HaloPenalty pen = new HaloPenalty(weights.stream().map(v -> v.data().shape()).toList(), 1e-3, 1e-3, 0, HaloPenalty.Hyper.L1, 1, true);
        HaloCallback cb = new HaloCallback(pen, weights, 0.9, 0);
        new ManualLoop(halo, new Sgd(halo.namedParameters(), 0.05, 0.9, 0), 40).run(X, Y, List.of(cb));
        assertTrue(l1(convs) < l1(LayerSelector.convOnly().select(plain)), "the penalty shrinks conv weights");
        boolean moved = false;
        for (float l : pen.scales().get(0).toArray()) moved |= l != 1f;
        assertTrue(moved, "λ is trained");
        assertTrue(cb.lastPenalty() > 0);
    }

    @Test
    void sparseMomentumKeepsDensityAndMovesWeightsBetweenEpochs() {
        Sequential net = TinyNets.convNet(6);
        List<PrunableLayer> layers = LayerSelector.defaults().select(net);
        MaskSet masks = new MaskSet(net, layers);
        SparseMomentumCallback cb = new SparseMomentumCallback(masks, 0.8, 0.5, 11);
        new ManualLoop(net, new Sgd(net.namedParameters(), 0.05, 0.9, 5e-4), 4, 40).run(X, Y, List.of(cb));
        assertEquals(3, cb.history().size(), "one redistribution after each epoch but the last");
        int moved = cb.history().stream().mapToInt(h -> h.stream().mapToInt(c -> c.pruned()).sum()).sum();
        assertTrue(moved > 0);
        assertEquals(0.8, masks.sparsity(), 0.01);
        for (PrunableLayer l : layers) {
            float[] w = l.weight().data().toArray(), m = masks.mask(l).toArray();
            for (int i = 0; i < w.length; i++) if (m[i] == 0f) assertTrue(w[i] == 0f);
        }
    }

    @Test
    void weightMomReachesItsTargetGradually() {
        Sequential net = TinyNets.convNet(7);
        List<PrunableLayer> layers = LayerSelector.defaults().select(net);
        MaskSet masks = new MaskSet(net, layers);
        WeightMomCallback cb = new WeightMomCallback(masks, PruningSchedule.of(ScheduleShape.AGP, 0.9).window(0, 0.8), 0.9, 1, 2);
        new ManualLoop(net, new Sgd(net.namedParameters(), 0.05, 0.9, 5e-4), 30).run(X, Y, List.of(cb));
        assertEquals(0.9, masks.sparsity(), 1e-3);
        for (PrunableLayer l : layers) {
            float[] w = l.weight().data().toArray(), m = masks.mask(l).toArray();
            boolean alive = false;
            for (int i = 0; i < w.length; i++) {
                if (m[i] == 0f) assertTrue(w[i] == 0f);
                else alive = true;
            }
            assertTrue(alive, l.name() + " kept at least one weight");
        }
        assertFalse(Double.isNaN(masks.sparsity()));
    }
}
