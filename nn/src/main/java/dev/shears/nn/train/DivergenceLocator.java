package dev.shears.nn.train;

import dev.shears.autograd.NoGrad;
import dev.shears.autograd.Variable;
import dev.shears.nn.Module;
import dev.shears.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds where training went non-finite. For a non-finite loss the batch is run forward again with an output
 * observer ({@link Module#observeOutputs}); modules report on completion, innermost first, so the first
 * non-finite output seen is the layer that produced it. For non-finite gradients (with a finite loss) the
 * modules' own parameter gradients are searched from the output end, the order backpropagation reaches them.
 */
final class DivergenceLocator {

    private DivergenceLocator() {}

    /** True if every element is finite. */
    static boolean finite(Tensor t) {
        float[] d = t.data();
        for (int i = t.offset(), end = i + t.numel(); i < end; i++) if (!Float.isFinite(d[i])) return false;
        return true;
    }

    static TrainingDivergedException forLoss(Module model, Tensor images, long step, double loss) {
        String where = "step " + step + ": loss is " + loss;
        if (!finite(images)) return new TrainingDivergedException(step, "input", where + "; the input batch itself is non-finite");
        Map<Module, String> names = new IdentityHashMap<>();
        model.namedModules().forEach((name, m) -> names.put(m, name));
        String[] first = new String[1];
        try (NoGrad g = NoGrad.scope();
             Module.ObserverScope s = Module.observeOutputs((m, y) -> {
                 if (first[0] == null && !finite(y.data())) first[0] = names.getOrDefault(m, "?");
             })) {
            model.call(Variable.constant(images));
        } catch (RuntimeException e) {
            // the diagnosis is best effort: the divergence itself is the error to report
        }
        if (first[0] == null) {
            return new TrainingDivergedException(step, null, where + "; every layer output was finite on re-run (the loss "
                    + "itself overflowed, or the failure depends on dropout masks)");
        }
        return new TrainingDivergedException(step, first[0], where + "; first non-finite output from module '" + display(first[0]) + "'");
    }

    static TrainingDivergedException forGradients(Module model, long step) {
        List<Map.Entry<String, Module>> modules = new ArrayList<>(model.namedModules().entrySet());
        for (int i = modules.size() - 1; i >= 0; i--) {
            for (Map.Entry<String, Variable> p : modules.get(i).getValue().ownParameters().entrySet()) {
                Tensor g = p.getValue().grad();
                if (g != null && !finite(g)) {
                    String name = modules.get(i).getKey();
                    return new TrainingDivergedException(step, name, "step " + step + ": non-finite gradient of parameter '"
                            + p.getKey() + "' of module '" + display(name) + "' (first reached by backpropagation)");
                }
            }
        }
        return new TrainingDivergedException(step, null, "step " + step + ": non-finite gradient norm");
    }

    private static String display(String name) { return name.isEmpty() ? "(model)" : name; }
}
