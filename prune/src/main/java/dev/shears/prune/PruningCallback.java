package dev.shears.prune;

import dev.shears.nn.train.TrainingCallback;
import dev.shears.nn.train.TrainingContext;
import dev.shears.prune.schedule.PruningSchedule;

/**
 * Gradual pruning during training (fasterai's {@code SparsifyCallback}; Zhu &amp; Gupta 2017 for the AGP
 * schedule): before a batch, if the schedule's sparsity at the current training fraction differs from the
 * last one applied and at least {@code every} steps have passed since the last pruning step, the masks are
 * recomputed; after backward, masked gradients are zeroed; after the optimizer step, masks are re-applied,
 * so pruned weights stay exactly zero with momentum and weight decay (fasterai v1 re-applies masks every
 * batch the same way).
 */
public final class PruningCallback implements TrainingCallback {

    private final Pruner pruner;
    private final MaskSet masks;
    private final PruningSchedule schedule;
    private final int every;
    private double applied = -1;
    private long lastPruneStep = Long.MIN_VALUE / 2;
    private int pruneEvents;

    /**
     * @param every minimum optimizer steps between two pruning events (fasterai v1's {@code span}); 1 prunes
     *              whenever the scheduled sparsity changes
     */
    public PruningCallback(Pruner pruner, MaskSet masks, PruningSchedule schedule, int every) {
        if (every < 1) throw new IllegalArgumentException("every must be >= 1, got " + every);
        this.pruner = pruner;
        this.masks = masks;
        this.schedule = schedule;
        this.every = every;
    }

    public MaskSet masks() { return masks; }

    /** Number of times masks were recomputed. */
    public int pruneEvents() { return pruneEvents; }

    /** The sparsity most recently applied (NaN before the first). */
    public double appliedSparsity() { return applied < 0 ? Double.NaN : applied; }

    /** Restores the position after a checkpoint: the last applied sparsity and step. */
    public void restore(double appliedSparsity, long lastStep) {
        applied = appliedSparsity;
        lastPruneStep = lastStep;
    }

    /** The last step at which masks were recomputed. */
    public long lastPruneStep() { return lastPruneStep; }

    @Override public void beforeBatch(TrainingContext ctx) {
        double target = schedule.sparsityAt(ctx.progress());
        boolean last = ctx.step() + 1 >= ctx.totalSteps();
        if (target != applied && (ctx.step() - lastPruneStep >= every || last)) {
            pruner.prune(masks, target);
            pruner.updateReference(masks);
            applied = target;
            lastPruneStep = ctx.step();
            pruneEvents++;
        }
    }

    @Override public void afterBackward(TrainingContext ctx) { masks.applyToGradients(); }

    @Override public void afterStep(TrainingContext ctx) { masks.applyToWeights(); }

    @Override public void onTrainEnd(TrainingContext ctx) {
        double end = schedule.sparsityAt(1.0);
        if (end != applied) {
            pruner.prune(masks, end);
            applied = end;
            pruneEvents++;
        }
    }
}
