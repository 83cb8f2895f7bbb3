package dev.shears.autograd;

import dev.shears.autograd.ops.Add;
import dev.shears.autograd.ops.Div;
import dev.shears.autograd.ops.MatMul;
import dev.shears.autograd.ops.Mul;
import dev.shears.autograd.ops.Relu;
import dev.shears.autograd.ops.Reshape;
import dev.shears.autograd.ops.Sub;
import dev.shears.autograd.ops.Sum;
import dev.shears.tensor.Shape;
import dev.shears.tensor.Tensor;

/**
 * A node of the computation graph: a {@link Tensor} value, its gradient (for leaves that require one), and
 * the {@link Node} that produced it (null for leaves and for values computed without recording).
 *
 * <p>Leaves created with {@code requiresGrad = true} are the trainable parameters; their {@link #grad()}
 * accumulates over {@link #backward()} calls until {@link #zeroGrad()}. Intermediate values do not keep
 * gradients (as in PyTorch without {@code retain_grad}).
 */
public final class Variable {

    private Tensor data;
    private Tensor grad;
    private Tensor spareGrad; // a recycled gradient's storage, for the next backward to overwrite (see recycleGrad)
    private final boolean requiresGrad;
    private Node creator;
    private boolean consumed; // a graph result whose graph has been differentiated and released

    private Variable(Tensor data, boolean requiresGrad, Node creator) {
        this.data = data;
        this.requiresGrad = requiresGrad;
        this.creator = creator;
    }

    /** A leaf that requires a gradient (a trainable parameter). */
    public static Variable param(Tensor data) { return new Variable(data, true, null); }

    /** A leaf without gradient (an input or a constant). */
    public static Variable constant(Tensor data) { return new Variable(data, false, null); }

    /** A leaf with an explicit gradient requirement. */
    public static Variable leaf(Tensor data, boolean requiresGrad) { return new Variable(data, requiresGrad, null); }

    /** The result of {@code creator}; called by {@link Node#output}. */
    static Variable result(Tensor data, Node creator) { return new Variable(data, true, creator); }

    /** The value. */
    public Tensor data() { return data; }

    /**
     * Replaces the value of a leaf in place of the old one (same shape), e.g. when loading weights.
     * Not allowed on graph results.
     */
    public void setData(Tensor t) {
        if (creator != null) throw new IllegalStateException("setData on a non-leaf variable");
        if (!t.sameShape(data)) {
            throw new IllegalArgumentException("setData: " + Shape.str(t.shape()) + " vs " + Shape.str(data.shape()));
        }
        data = t;
    }

    /** The accumulated gradient, or null if none has been computed. */
    public Tensor grad() { return grad; }

    /** Sets (or clears, with null) the gradient. */
    public void setGrad(Tensor g) {
        if (g != null && !g.sameShape(data)) {
            throw new IllegalArgumentException("setGrad: " + Shape.str(g.shape()) + " for value " + Shape.str(data.shape()));
        }
        grad = g;
    }

    /** Clears the gradient. */
    public void zeroGrad() {
        grad = null;
        spareGrad = null;
    }

    /**
     * Clears the gradient like {@link #zeroGrad()}, but keeps its storage for the next backward: an op that
     * computes this variable's gradient whole may write it there instead of into a new array (PyTorch's
     * {@code zero_grad(set_to_none=False)} also keeps the storage). For vgg16 that is 59 MB a step which the
     * JVM no longer zeroes and the collector no longer reclaims. The old gradient tensor is overwritten: copy
     * it first if it must outlive the step. Views and pooled tensors are not kept.
     */
    public void recycleGrad() {
        spareGrad = grad != null && grad.ownsStorage() ? grad : null;
        grad = null;
    }

    /** Hands out (once) the storage {@link #recycleGrad} kept, if it has this value's shape; else null. */
    Tensor takeSpareGrad() {
        Tensor t = spareGrad;
        spareGrad = null;
        return t != null && t.sameShape(data) ? t : null;
    }

    /** Whether gradients flow into this variable. */
    public boolean requiresGrad() { return requiresGrad; }

    /** True for variables not produced by a recorded op. */
    public boolean isLeaf() { return creator == null; }

    /** The op that produced this value, or null. */
    public Node creator() { return creator; }

    void dropCreator() {
        creator = null;
        consumed = true;
    }

    /**
     * True for a graph result whose graph was released by {@link #backward()}: its value is still readable,
     * but gradients can no longer flow through it (as in PyTorch without {@code retain_graph}).
     */
    public boolean isConsumed() { return consumed; }

    /**
     * Adds {@code g} to the gradient (first call stores it, later calls accumulate). {@code fresh} says no one
     * else references {@code g} (see {@link Node#freshGradient}), so the first call may keep it rather than a
     * copy.
     */
    void accumulateGrad(Tensor g, boolean fresh) {
        // otherwise copy on first store: g may share storage with another input's gradient, or be on loan from
        // a buffer pool scope that closes before the optimizer reads it
        if (grad == null) grad = fresh && g.ownsStorage() ? g : g.copy();
        else grad.addi(g);
    }

    /** The same value cut off from the graph. */
    public Variable detach() { return constant(data); }

    /** Shape of the value. */
    public int[] shape() { return data.shape(); }

    /** Size of dimension {@code d}. */
    public int dim(int d) { return data.dim(d); }

    /** The single element of a one-element value. */
    public float item() { return data.item(); }

    /** Backpropagates from this scalar value (gradient seed 1). */
    public void backward() {
        if (data.numel() != 1) {
            throw new IllegalStateException("backward() needs a one-element value, got " + Shape.str(data.shape()));
        }
        backward(Tensor.ones(data.shape()));
    }

    /** Backpropagates with the given gradient of some scalar with respect to this value. */
    public void backward(Tensor seed) { Backward.run(this, seed); }

    // ---- fluent shortcuts for the common ops --------------------------------------------------------

    /** {@code this + o} with broadcasting ({@link Add}). */
    public Variable add(Variable o) { return Add.apply(this, o); }

    /** {@code this − o} with broadcasting ({@link Sub}). */
    public Variable sub(Variable o) { return Sub.apply(this, o); }

    /** {@code this ⊙ o} with broadcasting ({@link Mul}). */
    public Variable mul(Variable o) { return Mul.apply(this, o); }

    /** {@code this / o} with broadcasting ({@link Div}). */
    public Variable div(Variable o) { return Div.apply(this, o); }

    /** Matrix product of rank-2 values ({@link MatMul}). */
    public Variable matmul(Variable o) { return MatMul.apply(this, o); }

    /** {@code max(this, 0)} ({@link Relu}). */
    public Variable relu() { return Relu.apply(this); }

    /** A view with a new shape ({@link Reshape}). */
    public Variable reshape(int... shape) { return Reshape.apply(this, shape); }

    /** Sum of all elements, as a scalar. */
    public Variable sum() { return Sum.all(this); }

    @Override public String toString() {
        return "Variable(" + data + (requiresGrad ? ", requiresGrad" : "") + (creator != null ? ", " + creator.name() : "") + ")";
    }
}
