package dev.shears.prune.inference;

import dev.shears.nn.Conv2d;
import dev.shears.nn.Linear;
import dev.shears.nn.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Converts a pruned model for inference: every Conv2d (one group) and Linear whose weight sparsity is at
 * least {@code threshold} is replaced by its CSR twin ({@link SparseConv2d}, {@link SparseLinear}). Below
 * the threshold the dense GEMM is faster, so those layers stay dense. The result is inference-only.
 */
public final class SparseInference {

    private SparseInference() {}

    /** Replaces layers in place; returns the dotted names of the converted ones, in module order. */
    public static List<String> convert(Module model, double threshold) {
        List<String> converted = new ArrayList<>();
        for (Map.Entry<String, Module> e : new ArrayList<>(model.namedModules().entrySet())) {
            for (Map.Entry<String, Module> c : new ArrayList<>(e.getValue().children().entrySet())) {
                Module m = c.getValue();
                Module sparse = null;
                if (m instanceof Conv2d conv && conv.groups == 1 && sparsity(conv.weight().data().toArray()) >= threshold) {
                    sparse = new SparseConv2d(conv);
                } else if (m instanceof Linear l && sparsity(l.weight().data().toArray()) >= threshold) {
                    sparse = new SparseLinear(l);
                }
                if (sparse != null) {
                    sparse.train(false);
                    e.getValue().replaceChild(c.getKey(), sparse);
                    converted.add(e.getKey().isEmpty() ? c.getKey() : e.getKey() + "." + c.getKey());
                }
            }
        }
        List<String> order = new ArrayList<>(model.namedModules().keySet());
        converted.sort(java.util.Comparator.comparingInt(order::indexOf));
        return converted;
    }

    static double sparsity(float[] w) {
        int z = 0;
        for (float v : w) if (v == 0f) z++;
        return w.length == 0 ? 0 : (double) z / w.length;
    }
}
