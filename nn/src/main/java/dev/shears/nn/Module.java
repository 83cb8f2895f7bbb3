package dev.shears.nn;

import dev.shears.autograd.Variable;
import dev.shears.tensor.Shape;
import dev.shears.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network building block in the style of PyTorch's {@code nn.Module}: it owns named parameters
 * (trainable {@link Variable}s), named buffers (state that is saved but not trained, e.g. batch-norm running
 * statistics) and named child modules. Names compose with dots ({@code features.0.weight}), in registration
 * order: a module's own parameters, then its own buffers, then each child's entries — PyTorch's
 * {@code state_dict} order, so checkpoints line up key for key.
 */
public abstract class Module {

    private final LinkedHashMap<String, Variable> params = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Computes the module's output. Containers run their children through {@link #call}. */
    public abstract Variable forward(Variable x);

    /** Observers of module outputs on this thread (see {@link #observeOutputs}); empty almost always. */
    private static final ThreadLocal<java.util.function.BiConsumer<Module, Variable>> OUTPUT_OBSERVER = new ThreadLocal<>();

    /**
     * Runs {@link #forward} and reports the output to this thread's output observer, if one is installed: the
     * counterpart of PyTorch's forward hooks, used e.g. to find the first layer that produced a NaN. Children
     * complete before their container, so an observer sees the innermost modules first.
     */
    public final Variable call(Variable x) {
        Variable y = forward(x);
        java.util.function.BiConsumer<Module, Variable> obs = OUTPUT_OBSERVER.get();
        if (obs != null) obs.accept(this, y);
        return y;
    }

    /** True while an output observer is installed on this thread: containers then run every child separately. */
    static boolean outputsObserved() { return OUTPUT_OBSERVER.get() != null; }

    /**
     * Installs {@code observer} for {@link #call}s on the calling thread until the returned scope is closed
     * (scopes do not nest: closing restores the previous observer).
     */
    public static ObserverScope observeOutputs(java.util.function.BiConsumer<Module, Variable> observer) {
        java.util.function.BiConsumer<Module, Variable> previous = OUTPUT_OBSERVER.get();
        OUTPUT_OBSERVER.set(observer);
        return () -> OUTPUT_OBSERVER.set(previous);
    }

    /** An installed output observer; closing removes it. */
    public interface ObserverScope extends AutoCloseable {
        @Override void close();
    }

    // ---- registration -------------------------------------------------------------------------------

    /** Registers a trainable parameter holding {@code value}; returns its variable. */
    protected final Variable registerParameter(String name, Tensor value) {
        checkName(name);
        Variable v = Variable.param(value);
        params.put(name, v);
        return v;
    }

    /** Registers a buffer (saved, not trained); returns it. Loading copies into this same tensor. */
    protected final Tensor registerBuffer(String name, Tensor value) {
        checkName(name);
        buffers.put(name, value);
        return value;
    }

    /** Registers a child module under {@code name}; returns it. */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    /**
     * Replaces the registered child {@code name} (with a structurally pruned or sparse copy, say); returns
     * the new child. Subclasses that also keep children in fields must override this to update them.
     */
    public Module replaceChild(String name, Module module) {
        if (!children.containsKey(name)) throw new IllegalArgumentException("no child '" + name + "' in " + getClass().getSimpleName());
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) throw new IllegalArgumentException("invalid name '" + name + "'");
        if (params.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("name '" + name + "' already registered in " + getClass().getSimpleName());
        }
    }

    // ---- mode ---------------------------------------------------------------------------------------

    /** Sets training mode on this module and all descendants; returns this. */
    public Module train(boolean on) {
        training = on;
        for (Module c : children.values()) c.train(on);
        return this;
    }

    /** Evaluation mode (batch norm uses running statistics, dropout is the identity); returns this. */
    public Module eval() { return train(false); }

    /** True in training mode. */
    public boolean isTraining() { return training; }

    // ---- traversal ----------------------------------------------------------------------------------

    /**
     * The registered child {@code name}. A forward pass that reaches its children through this, rather than
     * through fields, keeps working after {@link #replaceChild} (structured pruning, sparse conversion).
     */
    protected final Module child(String name) {
        Module m = children.get(name);
        if (m == null) throw new IllegalArgumentException("no child '" + name + "' in " + getClass().getSimpleName());
        return m;
    }

    /** Direct children by name, in registration order. */
    public Map<String, Module> children() { return Collections.unmodifiableMap(children); }

    /** This module's own parameters (not its children's). */
    public Map<String, Variable> ownParameters() { return Collections.unmodifiableMap(params); }

    /** This module's own buffers. */
    public Map<String, Tensor> ownBuffers() { return Collections.unmodifiableMap(buffers); }

    /** All modules under dotted names, this one first under {@code ""}, depth first. */
    public LinkedHashMap<String, Module> namedModules() {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        collectModules("", out);
        return out;
    }

    private void collectModules(String prefix, Map<String, Module> out) {
        out.put(prefix, this);
        for (Map.Entry<String, Module> e : children.entrySet()) e.getValue().collectModules(join(prefix, e.getKey()), out);
    }

    /** All parameters under dotted names. */
    public LinkedHashMap<String, Variable> namedParameters() {
        LinkedHashMap<String, Variable> out = new LinkedHashMap<>();
        for (Map.Entry<String, Module> m : namedModules().entrySet()) {
            for (Map.Entry<String, Variable> p : m.getValue().params.entrySet()) out.put(join(m.getKey(), p.getKey()), p.getValue());
        }
        return out;
    }

    /** All parameters, in {@link #namedParameters()} order. */
    public List<Variable> parameters() { return new ArrayList<>(namedParameters().values()); }

    /** All buffers under dotted names. */
    public LinkedHashMap<String, Tensor> namedBuffers() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Module> m : namedModules().entrySet()) {
            for (Map.Entry<String, Tensor> b : m.getValue().buffers.entrySet()) out.put(join(m.getKey(), b.getKey()), b.getValue());
        }
        return out;
    }

    /** Clears every parameter's gradient. */
    public void zeroGrad() {
        for (Variable v : namedParameters().values()) v.zeroGrad();
    }

    private static String join(String prefix, String name) { return prefix.isEmpty() ? name : prefix + "." + name; }

    // ---- state dict ---------------------------------------------------------------------------------

    /**
     * Parameters and buffers by dotted name, in PyTorch's order (per module: parameters, buffers, then
     * children). The tensors are the live storage, not copies.
     */
    public LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        stateInto("", out);
        return out;
    }

    private void stateInto(String prefix, Map<String, Tensor> out) {
        for (Map.Entry<String, Variable> p : params.entrySet()) out.put(join(prefix, p.getKey()), p.getValue().data());
        for (Map.Entry<String, Tensor> b : buffers.entrySet()) out.put(join(prefix, b.getKey()), b.getValue());
        for (Map.Entry<String, Module> c : children.entrySet()) c.getValue().stateInto(join(prefix, c.getKey()), out);
    }

    /** What {@link #loadStateDict} found: keys the module has but the map lacks, extra keys, shape clashes. */
    public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys, List<String> shapeMismatches) {
        /** True when every key matched with its shape. */
        public boolean clean() { return missingKeys.isEmpty() && unexpectedKeys.isEmpty() && shapeMismatches.isEmpty(); }

        @Override public String toString() {
            return "missing " + missingKeys + ", unexpected " + unexpectedKeys + ", shape mismatches " + shapeMismatches;
        }
    }

    /** Thrown by {@link #loadStateDict} when keys or shapes do not match; nothing has been loaded. */
    public static final class StateDictMismatchException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final transient LoadResult result;

        public StateDictMismatchException(LoadResult result) {
            super("state dict does not match: " + result);
            this.result = result;
        }

        public LoadResult result() { return result; }
    }

    /**
     * Copies values from {@code state} into this module's parameters and buffers (in place, so references
     * held elsewhere, e.g. by optimizers, stay valid). As in PyTorch, shape mismatches always fail; missing
     * and unexpected keys fail only when {@code strict}. On failure nothing is loaded.
     */
    public LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        LinkedHashMap<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), mismatched = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) missing.add(e.getKey());
            else if (!src.sameShape(e.getValue())) {
                mismatched.add(e.getKey() + ": checkpoint " + Shape.str(src.shape()) + " vs model " + Shape.str(e.getValue().shape()));
            }
        }
        for (String k : state.keySet()) if (!own.containsKey(k)) unexpected.add(k);
        LoadResult r = new LoadResult(List.copyOf(missing), List.copyOf(unexpected), List.copyOf(mismatched));
        if (!mismatched.isEmpty() || (strict && !r.clean())) throw new StateDictMismatchException(r);
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src != null) e.getValue().copyFrom(src);
        }
        return r;
    }
}
