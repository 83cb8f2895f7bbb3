package dev.shears.prune.momentum;

import dev.shears.nn.train.TrainingCallback;
import dev.shears.nn.train.TrainingContext;
import dev.shears.prune.MaskSet;
import dev.shears.prune.PrunableLayer;
import dev.shears.prune.schedule.PruningSchedule;
import dev.shears.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradual WeightMom pruning (see {@link WeightMomentum} for the interpretation): the moving averages of |w|
 * are updated after every optimizer step; before a batch, when the schedule's sparsity has grown and
 * {@code every} steps have passed, the weights with the lowest averages are masked under the layer budgets.
 * Masked gradients are zeroed and masks re-applied after each step, as for magnitude pruning.
 */
public final class WeightMomCallback implements TrainingCallback {

    private final MaskSet masks;
    private final PruningSchedule schedule;
    private final WeightMomentum method;
    private final int every;
    private double applied;
    private long lastStep = Long.MIN_VALUE / 2;

    public WeightMomCallback(MaskSet masks, PruningSchedule schedule, double beta, double gamma, int every) {
        this.masks = masks;
        this.schedule = schedule;
        this.every = every;
        this.method = new WeightMomentum(weights(), beta, gamma);
    }

    private List<Tensor> weights() {
        List<Tensor> w = new ArrayList<>();
        for (PrunableLayer l : masks.layers()) w.add(l.weight().data());
        return w;
    }

    private List<Tensor> maskList() {
        List<Tensor> m = new ArrayList<>();
        for (PrunableLayer l : masks.layers()) m.add(masks.mask(l));
        return m;
    }

    public MaskSet masks() { return masks; }

    public WeightMomentum method() { return method; }

    @Override public void beforeBatch(TrainingContext ctx) {
        double target = schedule.sparsityAt(ctx.progress());
        boolean last = ctx.step() + 1 >= ctx.totalSteps();
        if (target > applied && (ctx.step() - lastStep >= every || last)) {
            method.select(weights(), maskList(), target);
            applied = target;
            lastStep = ctx.step();
        }
    }

    @Override public void afterBackward(TrainingContext ctx) { masks.applyToGradients(); }

    @Override public void afterStep(TrainingContext ctx) {
        masks.applyToWeights();
        method.observe(weights());
    }

    @Override public void onTrainEnd(TrainingContext ctx) {
        double end = schedule.sparsityAt(1.0);
        if (end > applied) {
            method.select(weights(), maskList(), end);
            applied = end;
        }
    }
}
