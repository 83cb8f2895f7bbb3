package dev.shears.autograd;

import dev.shears.tensor.Tensor;

/**
 * One recorded op: it keeps its inputs and whatever its backward needs, and maps the gradient of its output
 * to the gradients of its inputs. Subclasses put forward (a static {@code apply}) and backward side by side.
 */
public abstract class Node {

    private Variable[] inputs;

    protected Node(Variable... inputs) { this.inputs = inputs; }

    /** The op's name for messages. */
    public String name() { return getClass().getSimpleName(); }

    /** The inputs (empty once released). */
    final Variable[] inputs() { return inputs; }

    /** Whether input {@code i} is present and needs a gradient. */
    protected final boolean needsGrad(int i) { return inputs[i] != null && inputs[i].requiresGrad(); }

    /** The input {@code i}. */
    protected final Variable input(int i) { return inputs[i]; }

    /**
     * Gradients for each input given the output gradient {@code gy} (same shape as the output). Entries
     * for inputs that do not need a gradient may be null. Returned tensors may be fresh or views; the engine
     * never writes into {@code gy}'s storage after passing it.
     */
    protected abstract Tensor[] backward(Tensor gy);

    /**
     * True when {@link #backward}'s gradient for input {@code i} is always a new tensor that nothing else
     * references: a leaf may then keep it as its gradient instead of a copy (for vgg16, the copy was 59 MB per
     * step on the calling thread). False, the safe default, for ops that return views or shared tensors.
     */
    protected boolean freshGradient(int i) { return false; }

    /**
     * Storage an op may overwrite entirely with input {@code i}'s gradient and return as that gradient
     * (declaring {@link #freshGradient}): the gradient storage of a leaf recycled by
     * {@link Variable#recycleGrad}, or null (then allocate). Its contents are stale values, not zeros. Each
     * recycled storage is handed out once, so a weight used twice gets it for one use only.
     */
    protected final Tensor gradientStorage(int i) {
        Variable v = inputs[i];
        return v != null && v.isLeaf() && v.requiresGrad() ? v.takeSpareGrad() : null;
    }

    /** Drops saved tensors and inputs so the graph can be collected. Subclasses with saved state override. */
    protected void release() {}

    final void releaseAll() {
        release();
        inputs = new Variable[0];
    }

    /** True if this op should be recorded: grad mode is on and some input needs a gradient. */
    public static boolean recording(Variable... in) {
        if (!NoGrad.enabled()) return false;
        for (Variable v : in) if (v != null && v.requiresGrad()) return true;
        return false;
    }

    /** Wraps the forward result as the output of this node. */
    protected final Variable output(Tensor y) { return Variable.result(y, this); }

    /** Records {@code node} for {@code y} when {@link #recording} holds, else returns a constant. */
    protected static Variable record(Tensor y, java.util.function.Supplier<Node> node, Variable... in) {
        return recording(in) ? node.get().output(y) : Variable.constant(y);
    }
}
