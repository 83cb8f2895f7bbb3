package dev.shears.nn.optim;

import dev.shears.autograd.Variable;
import dev.shears.tensor.Shape;
import dev.shears.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A first-order optimizer over named parameters (usually {@code module.namedParameters()}). Parameters whose
 * gradient is null are skipped, as in PyTorch. Per-parameter state is kept in a map from names like
 * {@code state.<param>.momentum_buffer} to tensors, which {@link #stateDict()} exposes and
 * {@link #loadStateDict} restores. Hyperparameters other than the learning rate are construction-time
 * configuration and are not part of the state.
 */
public abstract class Optimizer {

    protected final LinkedHashMap<String, Variable> params;
    protected final LinkedHashMap<String, Tensor> state = new LinkedHashMap<>();
    private double lr;

    protected Optimizer(Map<String, Variable> params, double lr) {
        if (!(lr >= 0)) throw new IllegalArgumentException("learning rate " + lr);
        this.params = new LinkedHashMap<>(params);
        this.lr = lr;
    }

    /** Applies one update to every parameter that has a gradient. */
    public abstract void step();

    /** The current learning rate. */
    public double lr() { return lr; }

    /** Sets the learning rate (schedules call this). */
    public void setLr(double lr) {
        if (!(lr >= 0)) throw new IllegalArgumentException("learning rate " + lr);
        this.lr = lr;
    }

    /**
     * Clears the gradients of all parameters, keeping their storage for the next backward
     * ({@link Variable#recycleGrad}): a gradient tensor read before this call is overwritten by the next
     * step, so copy it if it must be kept.
     */
    public void zeroGrad() {
        for (Variable v : params.values()) v.recycleGrad();
    }

    /** The named parameters being optimised. */
    public Map<String, Variable> parameters() { return Collections.unmodifiableMap(params); }

    /** Copies of the optimizer state (e.g. {@code state.fc.weight.momentum_buffer}) by name. */
    public LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : state.entrySet()) out.put(e.getKey(), e.getValue().copy());
        return out;
    }

    /**
     * The live state tensor {@code state.<param>.<kind>} (e.g. {@code momentum_buffer}, {@code exp_avg}), or
     * null if it has not been created yet (before the parameter's first step). Writes go straight into the
     * optimizer, e.g. for pruning methods that reset the momentum of removed weights.
     */
    public Tensor liveState(String param, String kind) { return state.get("state." + param + "." + kind); }

    /** Replaces the state with copies from {@code saved}; every key must name a state of a known parameter. */
    public void loadStateDict(Map<String, Tensor> saved) {
        for (Map.Entry<String, Tensor> e : saved.entrySet()) {
            String k = e.getKey();
            String param = paramOf(k);
            if (param == null) throw new IllegalArgumentException("optimizer state key '" + k + "' names no parameter");
            int[] expect = stateShape(k.substring(("state." + param + ".").length()), params.get(param).data());
            if (!java.util.Arrays.equals(expect, e.getValue().shape())) {
                throw new IllegalArgumentException("optimizer state '" + k + "': shape " + Shape.str(e.getValue().shape())
                        + ", expected " + Shape.str(expect));
            }
        }
        state.clear();
        for (Map.Entry<String, Tensor> e : saved.entrySet()) state.put(e.getKey(), e.getValue().copy());
    }

    private String paramOf(String key) {
        if (!key.startsWith("state.")) return null;
        String best = null;
        for (String p : params.keySet()) {
            if (key.startsWith("state." + p + ".") && (best == null || p.length() > best.length())) best = p;
        }
        return best;
    }

    /** The shape of state entry {@code kind} for a parameter of the given value ({@code step} is a scalar). */
    protected int[] stateShape(String kind, Tensor param) {
        return kind.equals("step") ? new int[0] : param.shape();
    }

    /** The state tensor {@code state.<name>.<kind>}, created as zeros of the parameter's shape if absent. */
    protected final Tensor stateFor(String name, String kind, Tensor param) {
        return state.computeIfAbsent("state." + name + "." + kind, k -> Tensor.zeros(stateShape(kind, param)));
    }

    /** True if {@code state.<name>.<kind>} exists. */
    protected final boolean hasState(String name, String kind) { return state.containsKey("state." + name + "." + kind); }
}
