package dev.shears.nn;

import dev.shears.autograd.Variable;
import java.util.ArrayList;
import java.util.List;

/** Modules applied in order; children are named {@code "0"}, {@code "1"}, ... as in PyTorch. */
public final class Sequential extends Module {

    private final List<Module> layers = new ArrayList<>();

    public Sequential(Module... modules) {
        for (Module m : modules) add(m);
    }

    /** Appends a module under the next index; returns this. */
    public Sequential add(Module m) {
        registerModule(Integer.toString(layers.size()), m);
        layers.add(m);
        return this;
    }

    /** Replaces the module at {@code index} (same name); returns the new module. */
    public Module set(int index, Module m) {
        super.replaceChild(Integer.toString(index), m);
        layers.set(index, m);
        return m;
    }

    @Override public Module replaceChild(String name, Module module) {
        int index;
        try {
            index = Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("no child '" + name + "' in Sequential");
        }
        if (index < 0 || index >= layers.size()) throw new IllegalArgumentException("no child '" + name + "' in Sequential");
        return set(index, module);
    }

    /** The module at {@code index}. */
    public Module get(int index) { return layers.get(index); }

    public int size() { return layers.size(); }

    /**
     * Runs the children in order. A {@link BatchNorm2d} directly followed by a {@link ReLU} runs as one fused
     * node ({@link BatchNorm2d#forwardRelu}): the same values, bitwise, with two fewer passes over the
     * activations. Not while outputs are observed, so that an observer still sees each module's own output.
     */
    @Override public Variable forward(Variable x) {
        Variable y = x;
        boolean fuse = !outputsObserved();
        for (int i = 0; i < layers.size(); i++) {
            Module m = layers.get(i);
            if (fuse && m instanceof BatchNorm2d bn && i + 1 < layers.size() && layers.get(i + 1) instanceof ReLU) {
                y = bn.forwardRelu(y);
                i++;
            } else {
                y = m.call(y);
            }
        }
        return y;
    }
}
