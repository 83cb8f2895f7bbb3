package dev.shears.prune;

import dev.shears.nn.Conv2d;
import dev.shears.nn.Linear;
import dev.shears.nn.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Chooses the layers a pruning method acts on: by type (convolutions, linear layers) and by name, with the
 * classifier — the last {@link Linear} in module order, whose outputs are the logits — excluded by default,
 * as is customary (fasterai prunes Conv2d only by default; HALO penalises convolutions only on CIFAR).
 */
public final class LayerSelector {

    private boolean conv = true, linear = true, includeClassifier = false;
    private Pattern include, exclude;

    /** Convolutions and linear layers, classifier excluded. */
    public static LayerSelector defaults() { return new LayerSelector(); }

    /** Convolutions only. */
    public static LayerSelector convOnly() { return new LayerSelector().linear(false); }

    public LayerSelector conv(boolean on) { conv = on; return this; }

    public LayerSelector linear(boolean on) { linear = on; return this; }

    public LayerSelector includeClassifier(boolean on) { includeClassifier = on; return this; }

    /** Keep only layers whose dotted name matches (find) this regular expression. */
    public LayerSelector include(String regex) { include = Pattern.compile(regex); return this; }

    /** Drop layers whose dotted name matches (find) this regular expression. */
    public LayerSelector exclude(String regex) { exclude = Pattern.compile(regex); return this; }

    /** The selected layers of {@code model}, in module order. */
    public List<PrunableLayer> select(Module model) {
        String classifier = null;
        for (Map.Entry<String, Module> e : model.namedModules().entrySet()) {
            if (e.getValue() instanceof Linear) classifier = e.getKey();
        }
        List<PrunableLayer> out = new ArrayList<>();
        for (Map.Entry<String, Module> e : model.namedModules().entrySet()) {
            String name = e.getKey();
            Module m = e.getValue();
            PrunableLayer layer;
            if (m instanceof Conv2d c && conv) layer = new PrunableLayer(name, m, c.weight());
            else if (m instanceof Linear l && linear && (includeClassifier || !name.equals(classifier))) {
                layer = new PrunableLayer(name, m, l.weight());
            } else continue;
            if (include != null && !include.matcher(name).find()) continue;
            if (exclude != null && exclude.matcher(name).find()) continue;
            out.add(layer);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no prunable layer selected");
        return out;
    }
}
