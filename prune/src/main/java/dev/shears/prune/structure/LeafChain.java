package dev.shears.prune.structure;

import dev.shears.nn.Module;
import dev.shears.nn.Sequential;
import java.util.ArrayList;
import java.util.List;

/**
 * A model seen as the chain of modules its nested {@link Sequential}s apply in order, each with the
 * Sequential that holds it, so that a module can be swapped for a rebuilt one. A module that is not a
 * Sequential is a leaf even if it has children (a residual block, say): structured removal does not look
 * inside it and stops there.
 */
final class LeafChain {

    /** One position in the chain. */
    record Link(Sequential parent, int index, String name, Module module) {
        void replace(Module m) { parent.set(index, m); }
    }

    private LeafChain() {}

    static List<Link> of(Module root) {
        List<Link> out = new ArrayList<>();
        if (!(root instanceof Sequential s)) {
            // models that wrap Sequentials in a custom top-level module: walk its children that are Sequential, in order
            for (var e : root.children().entrySet()) {
                if (!(e.getValue() instanceof Sequential c)) {
                    throw new IllegalArgumentException("structured removal needs a chain of Sequentials; " + e.getKey()
                            + " is a " + e.getValue().getClass().getSimpleName());
                }
                walk(c, e.getKey(), out);
            }
            return out;
        }
        walk(s, "", out);
        return out;
    }

    private static void walk(Sequential s, String prefix, List<Link> out) {
        for (int i = 0; i < s.size(); i++) {
            String name = prefix.isEmpty() ? Integer.toString(i) : prefix + "." + i;
            Module m = s.get(i);
            if (m instanceof Sequential inner) walk(inner, name, out);
            else out.add(new Link(s, i, name, m));
        }
    }
}
