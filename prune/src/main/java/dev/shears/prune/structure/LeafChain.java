package dev.shears.prune.structure;

import dev.shears.nn.Module;
import dev.shears.nn.Sequential;
import java.util.ArrayList;
import java.util.List;

/**
 * A model seen as the chain of modules it applies in order, each with the module that holds it, so that a
 * module can be swapped for a rebuilt one. Sequentials are walked in order. The root may also be a custom
 * module whose children run in registration order (VGG: features, avgpool, classifier; MobileNetV1:
 * features, avgpool, classifier); a flatten between them is implicit. Any other module is a leaf even if it
 * has children (a residual block, say): structured removal does not look inside it and stops there.
 */
final class LeafChain {

    /** One position in the chain. */
    record Link(Module parent, String childName, String name, Module module) {
        void replace(Module m) { parent.replaceChild(childName, m); }
    }

    private LeafChain() {}

    static List<Link> of(Module root) {
        List<Link> out = new ArrayList<>();
        if (root instanceof Sequential s) {
            walk(s, "", out);
            return out;
        }
        for (var e : root.children().entrySet()) {
            if (e.getValue() instanceof Sequential c) walk(c, e.getKey(), out);
            else out.add(new Link(root, e.getKey(), e.getKey(), e.getValue()));
        }
        return out;
    }

    private static void walk(Sequential s, String prefix, List<Link> out) {
        for (int i = 0; i < s.size(); i++) {
            String name = prefix.isEmpty() ? Integer.toString(i) : prefix + "." + i;
            Module m = s.get(i);
            if (m instanceof Sequential inner) walk(inner, name, out);
            else out.add(new Link(s, Integer.toString(i), name, m));
        }
    }
}
