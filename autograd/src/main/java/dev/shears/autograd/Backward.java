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
 * used; leaf gradients accumulate into {@link Variable#grad()}. A graph is differentiated once, as in PyTorch
 * without {@code retain_graph}: each node is released and unlinked as soon as its backward has run, since
 * no node still to run can read it (every node that uses a value runs before the value's own node). So the
 * activations of the layers already done can be collected while backward goes on, instead of all staying
 * reachable to the end, and a garbage collection in the middle of backward copies half as much on average.
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
            root.accumulateGrad(seed, false); // the caller keeps seed: stored as a copy
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
                if (gy != null) propagate(node, gy, pending); // null: a branch that does not feed the root
                node.releaseAll();
                v.dropCreator();
                order.set(i, null);
            }
        } finally {
            for (Variable v : order) { // after an exception: release what is left
                if (v == null) continue;
                v.creator().releaseAll();
                v.dropCreator();
            }
        }
    }

    /** Runs {@code node}'s backward on {@code gy} and hands each input its gradient. */
    private static void propagate(Node node, Tensor gy, Map<Variable, Tensor> pending) {
        Variable[] in = node.inputs();
        Tensor[] gx = node.backward(gy);
        for (int k = 0; k < in.length; k++) {
            Variable x = in[k];
            if (x == null || !x.requiresGrad() || gx[k] == null) continue;
            if (!gx[k].sameShape(x.data())) { // an op bug; fail here rather than reshape silently
                throw new IllegalStateException("backward: " + node.name() + " returned a gradient of shape "
                        + Shape.str(gx[k].shape()) + " for input " + k + " of shape " + Shape.str(x.data().shape()));
            }
            if (x.isConsumed()) {
                throw new IllegalStateException("backward: " + node.name() + " uses a value whose graph was already differentiated");
            }
            if (x.isLeaf()) {
                x.accumulateGrad(gx[k], node.freshGradient(k));
            } else {
                Tensor prev = pending.get(x);
                // a fresh tensor is needed before accumulating: gx may alias another node's storage
                pending.put(x, prev == null ? gx[k] : prev.add(gx[k]));
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
