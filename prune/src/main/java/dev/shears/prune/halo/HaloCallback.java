package dev.shears.prune.halo;

import dev.shears.autograd.Variable;
import dev.shears.nn.optim.Sgd;
import dev.shears.nn.train.TrainingCallback;
import dev.shears.nn.train.TrainingContext;
import dev.shears.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains with a {@link SparsityPenalty} (HALO, Seto et al. 2021): after backward the penalty's gradient is
 * added to the penalised weights' gradients; after the model's optimizer step, the penalty's scales λ take
 * one step of their own SGD, with the model optimizer's current learning rate and the given momentum and
 * weight decay (the authors' code gives λ an SGD with the same hyper-parameters and LR decay as the
 * model's). The penalty's value is added to the reported batch loss.
 */
public final class HaloCallback implements TrainingCallback {

    private final SparsityPenalty penalty;
    private final List<Variable> penalised;
    private final Sgd scaleOptimizer;
    private final List<Variable> scaleVars = new ArrayList<>();
    private double lastPenalty = Double.NaN;

    /**
     * @param penalised the parameters the penalty acts on, in the order of the penalty's scale tensors
     */
    public HaloCallback(SparsityPenalty penalty, List<Variable> penalised, double momentum, double weightDecay) {
        this.penalty = penalty;
        this.penalised = List.copyOf(penalised);
        Map<String, Variable> named = new LinkedHashMap<>();
        for (int i = 0; i < penalty.scales().size(); i++) {
            Variable v = Variable.param(penalty.scales().get(i));
            scaleVars.add(v);
            named.put("lambda." + i, v);
        }
        this.scaleOptimizer = named.isEmpty() ? null : new Sgd(named, 0, momentum, weightDecay);
    }

    /** The penalty's value at the last step. */
    public double lastPenalty() { return lastPenalty; }

    public SparsityPenalty penalty() { return penalty; }

    /** The scale optimizer's state, for checkpoints. */
    public Map<String, Tensor> scaleOptimizerState() { return scaleOptimizer == null ? Map.of() : scaleOptimizer.stateDict(); }

    @Override public void afterBackward(TrainingContext ctx) {
        List<Tensor> weights = new ArrayList<>(), grads = new ArrayList<>();
        for (Variable v : penalised) {
            if (v.grad() == null) v.setGrad(Tensor.zeros(v.data().shape()));
            weights.add(v.data());
            grads.add(v.grad());
        }
        lastPenalty = penalty.addGradients(weights, grads);
        ctx.addToBatchLoss(lastPenalty);
        for (int i = 0; i < scaleVars.size(); i++) scaleVars.get(i).setGrad(penalty.scaleGradients().get(i));
    }

    @Override public void afterStep(TrainingContext ctx) {
        if (scaleOptimizer == null) return;
        if (penalty instanceof HaloPenalty h && !h.trainsScales()) return;
        scaleOptimizer.setLr(ctx.optimizer().lr());
        scaleOptimizer.step();
    }
}
