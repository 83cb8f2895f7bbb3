package dev.shears.autograd;

import dev.shears.tensor.Shape;
import dev.shears.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reverse-mode differentiation over the recorded graph (the adjoint sweep of Griewank and Walther,
 * "Evaluating Derivatives", 2nd ed. 2008, §3.2; Baydin et al., JMLR 2018, §3.2).
 *
 * <p>The nodes reachable from the root are ordered by an iterative depth-first post-order (no recursion, so
 * graphs of any depth work); walking that order backwards visits every node after all its consumers, so a
 * node's output gradient is complete when it runs. Gradients of intermediate values live in a map only until
 * used; leaf gradients accumulate into {@link Variable#grad()}. Afterwards every visited node is released and
 * unlinked, so the activations it saved can be collected (a graph is differentiated once, as in PyTorch
 * without {@code retain_graph}).
 */
final class Backward {

    private Backward() {}

    static void run(Variable root, Tensor seed) {
        if (!seed.sameShape(root.data())) {
            throw new IllegalArgumentException("backward: seed " + Shape.str(seed.shape()) + " for value " + Shape.str(root.data().shape()));
        }
        if (!root.requiresGrad()) throw new IllegalStateException("backward: value does not require a gradient");
        if (root.isConsumed()) throw new IllegalStateException("backward: the graph of this value was already differentiated");
        if (root.isLeaf()) {
            root.accumulateGrad(seed.copy());
            return;
        }
        List<Variable> order = topologicalOrder(root);
        Map<Variable, Tensor> pending = new IdentityHashMap<>();
        pending.put(root, seed);
        try (NoGrad ignored = NoGrad.scope()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Variable v = order.get(i);
                Tensor gy = pending.remove(v);
                Node node = v.creator();
                if (gy == null) continue; // unreachable gradient (e.g. a branch that does not feed the root)
                Variable[] in = node.inputs();
                Tensor[] gx = node.backward(gy);
                for (int k = 0; k < in.length; k++) {
                    Variable x = in[k];
                    if (x == null || !x.requiresGrad() || gx[k] == null) continue;
                    if (x.isConsumed()) {
                        throw new IllegalStateException("backward: " + node.name() + " uses a value whose graph was already differentiated");
                    }
                    if (x.isLeaf()) {
                        x.accumulateGrad(gx[k]);
                    } else {
                        Tensor prev = pending.get(x);
                        // a fresh tensor is needed before accumulating: gx may alias another node's storage
                        pending.put(x, prev == null ? gx[k] : prev.add(gx[k].reshape(prev.shape())));
                    }
                }
            }
        } finally {
            for (Variable v : order) {
                v.creator().releaseAll();
                v.dropCreator();
            }
        }
    }

    /** Non-leaf variables reachable from {@code root}, each after all variables it depends on. */
    private static List<Variable> topologicalOrder(Variable root) {
        List<Variable> order = new ArrayList<>();
        IdentityHashMap<Variable, Boolean> visited = new IdentityHashMap<>();
        ArrayDeque<Variable> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>(); // index of the next input to visit, per stack entry
        stack.push(root);
        next.push(0);
        visited.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Variable v = stack.peek();
            int k = next.pop();
            Variable[] in = v.creator().inputs();
            if (k < in.length) {
                next.push(k + 1);
                Variable x = in[k];
                if (x != null && !x.isLeaf() && x.requiresGrad() && visited.put(x, Boolean.TRUE) == null) {
                    stack.push(x);
                    next.push(0);
                }
            } else {
                stack.pop();
                order.add(v);
            }
        }
        return order;
    }
}
