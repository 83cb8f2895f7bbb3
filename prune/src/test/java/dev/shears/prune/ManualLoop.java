package dev.shears.prune;

import dev.shears.autograd.Variable;
import dev.shears.autograd.ops.CrossEntropy;
import dev.shears.nn.Module;
import dev.shears.nn.optim.Optimizer;
import dev.shears.nn.train.TrainingCallback;
import dev.shears.nn.train.TrainingContext;
import dev.shears.tensor.Tensor;
import java.util.List;

/** A minimal training loop for tests that calls {@link TrainingCallback}s in the contract's order. */
final class ManualLoop implements TrainingContext {

    private final Module model;
    private final Optimizer opt;
    private final long total;
    private final int epochs;
    private int epoch;
    private long step;
    private double loss = Double.NaN;

    ManualLoop(Module model, Optimizer opt, long totalSteps) { this(model, opt, 1, totalSteps); }

    ManualLoop(Module model, Optimizer opt, int epochs, long totalSteps) {
        this.model = model;
        this.opt = opt;
        this.epochs = epochs;
        this.total = totalSteps;
    }

    /** Runs {@code total} steps on one fixed batch, split evenly into the epochs. */
    void run(Tensor x, int[] y, List<TrainingCallback> callbacks) {
        for (TrainingCallback c : callbacks) c.onTrainStart(this);
        long perEpoch = total / epochs;
        step = 0;
        for (epoch = 0; epoch < epochs; epoch++) {
            for (long s = 0; s < perEpoch; s++, step++) {
                for (TrainingCallback c : callbacks) c.beforeBatch(this);
                opt.zeroGrad();
                Variable l = CrossEntropy.apply(model.forward(Variable.constant(x)), y);
                l.backward();
                loss = l.item();
                for (TrainingCallback c : callbacks) c.afterBackward(this);
                opt.step();
                for (TrainingCallback c : callbacks) c.afterStep(this);
            }
            for (TrainingCallback c : callbacks) c.onEpochEnd(this);
        }
        epoch = epochs - 1;
        for (TrainingCallback c : callbacks) c.onTrainEnd(this);
    }

    @Override public Module model() { return model; }
    @Override public Optimizer optimizer() { return opt; }
    @Override public int epoch() { return epoch; }
    @Override public int epochs() { return epochs; }
    @Override public long step() { return step; }
    @Override public long totalSteps() { return total; }
    @Override public double batchLoss() { return loss; }
    @Override public void addToBatchLoss(double value) { loss += value; }
}
