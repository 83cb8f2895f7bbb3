package dev.shears.tensor;

import dev.shears.tensor.gemm.Gemm;
import dev.shears.tensor.kernels.Kernels;
import dev.shears.tensor.kernels.KernelProvider;
import dev.shears.tensor.random.Rng;
import java.util.Arrays;

/**
 * A float32 N-dimensional array: contiguous row-major storage ({@code data} from {@code offset}) and a
 * shape. Views ({@link #reshape}, {@link #slice}) share storage; {@link #permute} and {@link #transpose}
 * copy into a new contiguous tensor, which keeps every kernel on unit-stride loops.
 *
 * <p>Shape errors throw {@link IllegalArgumentException} naming the op and the shapes involved.
 */
public final class Tensor {

    private static final Kernels K = KernelProvider.get();

    private final float[] storage; // read through data(), which refuses storage recycled by a BufferPool
    private final int offset;
    private final int[] shape;
    private final int numel;
    private final BufferPool.Scope scope; // the pool scope the storage was taken in, or null

    private Tensor(float[] data, int offset, int[] shape) { this(data, offset, shape, null); }

    private Tensor(float[] data, int offset, int[] shape, BufferPool.Scope scope) {
        this.storage = data;
        this.offset = offset;
        this.shape = shape;
        this.numel = Shape.numel(shape);
        this.scope = scope;
        if (offset < 0 || offset + numel > data.length) {
            throw new IllegalArgumentException("tensor of shape " + Shape.str(shape) + " at offset " + offset
                    + " does not fit in " + data.length + " floats");
        }
    }

    // ---- construction -------------------------------------------------------------------------------

    /** A tensor of zeros. */
    public static Tensor zeros(int... shape) { return new Tensor(new float[Shape.numel(shape)], 0, shape.clone()); }

    /**
     * A tensor whose elements are unspecified, for outputs that are written in full before they are read.
     * Inside a {@link BufferPool} scope on this thread its storage is an array recycled from the previous
     * step, still holding that step's values, and the tensor is usable only until the scope closes; otherwise
     * it is a tensor of zeros.
     */
    public static Tensor empty(int... shape) {
        BufferPool.Scope s = BufferPool.current();
        if (s == null) return zeros(shape);
        return new Tensor(s.take(Shape.numel(shape)), 0, shape.clone(), s);
    }

    /** A tensor filled with {@code value}. */
    public static Tensor full(float value, int... shape) {
        Tensor t = zeros(shape);
        Arrays.fill(t.data(), value);
        return t;
    }

    /** A tensor of ones. */
    public static Tensor ones(int... shape) { return full(1f, shape); }

    /** Wraps {@code data} (not copied) with a shape; the lengths must match. */
    public static Tensor of(float[] data, int... shape) {
        if (Shape.numel(shape) != data.length) {
            throw new IllegalArgumentException("of: " + data.length + " values do not fill shape " + Shape.str(shape));
        }
        return new Tensor(data, 0, shape.clone());
    }

    /** Wraps a sub-range of {@code data} (not copied). */
    public static Tensor wrap(float[] data, int offset, int... shape) { return new Tensor(data, offset, shape.clone()); }

    /** A scalar (rank-0) tensor. */
    public static Tensor scalar(float v) { return new Tensor(new float[] {v}, 0, new int[0]); }

    /** Uniform values in [lo, hi). */
    public static Tensor uniform(Rng rng, float lo, float hi, int... shape) {
        Tensor t = zeros(shape);
        rng.fillUniform(t.data(), lo, hi);
        return t;
    }

    /** Normal values. */
    public static Tensor normal(Rng rng, float mean, float std, int... shape) {
        Tensor t = zeros(shape);
        rng.fillNormal(t.data(), mean, std);
        return t;
    }

    /** 0, 1, ..., n-1 as floats. */
    public static Tensor arange(int n) {
        Tensor t = zeros(n);
        float[] d = t.data();
        for (int i = 0; i < n; i++) d[i] = i;
        return t;
    }

    // ---- accessors ----------------------------------------------------------------------------------

    /** The backing array (shared with views). Elements live at {@code [offset(), offset()+numel())}. */
    public float[] data() {
        if (scope != null && scope.isClosed()) {
            throw new IllegalStateException("tensor " + Shape.str(shape) + " was made in a BufferPool scope that has closed: its storage"
                    + " now belongs to a later step (copy() tensors that must outlive the step)");
        }
        return storage;
    }

    /** Index of the first element in {@link #data()}. */
    public int offset() { return offset; }

    /**
     * True when this tensor's elements are its whole backing array and that array is its own, not on loan
     * from a {@link BufferPool} scope: a holder that knows no one else references the tensor may keep it
     * beyond the current step without a copy.
     */
    public boolean ownsStorage() { return scope == null && offset == 0 && storage.length == numel; }

    /** A copy of the shape. */
    public int[] shape() { return shape.clone(); }

    /** Size of dimension {@code d} (negative counts from the end). */
    public int dim(int d) { return shape[Shape.axis("dim", d, shape.length)]; }

    /** Number of dimensions. */
    public int rank() { return shape.length; }

    /** Number of elements. */
    public int numel() { return numel; }

    /** True when both shapes are equal. */
    public boolean sameShape(Tensor o) { return Arrays.equals(shape, o.shape); }

    /** The elements as a new array. */
    public float[] toArray() { return Arrays.copyOfRange(data(), offset, offset + numel); }

    /** The element at a full index. */
    public float get(int... idx) { return data()[flatIndex(idx)]; }

    /** Sets the element at a full index. */
    public void set(float v, int... idx) { data()[flatIndex(idx)] = v; }

    /** The only element of a one-element tensor. */
    public float item() {
        if (numel != 1) throw new IllegalArgumentException("item: tensor of shape " + Shape.str(shape) + " has " + numel + " elements");
        return data()[offset];
    }

    private int flatIndex(int[] idx) {
        if (idx.length != shape.length) {
            throw new IllegalArgumentException("index of rank " + idx.length + " for shape " + Shape.str(shape));
        }
        int f = 0;
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= shape[i]) {
                throw new IllegalArgumentException("index " + Arrays.toString(idx) + " out of bounds for " + Shape.str(shape));
            }
            f = f * shape[i] + idx[i];
        }
        return offset + f;
    }

    // ---- views and copies ---------------------------------------------------------------------------

    /** A view with a new shape (one dimension may be -1). No copy. */
    public Tensor reshape(int... newShape) {
        return new Tensor(data(), offset, Shape.resolve("reshape", numel, shape, newShape), scope);
    }

    /** Rows {@code [start, end)} along axis 0, as a view. */
    public Tensor slice(int start, int end) {
        if (shape.length == 0) throw new IllegalArgumentException("slice: scalar tensor");
        if (start < 0 || end > shape[0] || start > end) {
            throw new IllegalArgumentException("slice: [" + start + ", " + end + ") out of range for " + Shape.str(shape));
        }
        int[] s = shape.clone();
        s[0] = end - start;
        return new Tensor(data(), offset + start * (shape[0] == 0 ? 0 : numel / shape[0]), s, scope);
    }

    /** A contiguous deep copy. */
    public Tensor copy() { return new Tensor(toArray(), 0, shape.clone()); }

    /** Copies {@code src} (same number of elements) into this tensor's storage. */
    public Tensor copyFrom(Tensor src) {
        if (src.numel != numel) {
            throw new IllegalArgumentException("copyFrom: " + Shape.str(src.shape) + " into " + Shape.str(shape));
        }
        System.arraycopy(src.data(), src.offset, data(), offset, numel);
        return this;
    }

    /** Dimensions reordered: output dimension i is input dimension {@code perm[i]}. Copies. */
    public Tensor permute(int... perm) {
        int r = shape.length;
        if (perm.length != r) throw new IllegalArgumentException("permute: " + Arrays.toString(perm) + " for shape " + Shape.str(shape));
        boolean[] seen = new boolean[r];
        int[] outShape = new int[r];
        for (int i = 0; i < r; i++) {
            int p = Shape.axis("permute", perm[i], r);
            if (seen[p]) throw new IllegalArgumentException("permute: repeated axis in " + Arrays.toString(perm));
            seen[p] = true;
            outShape[i] = shape[p];
        }
        Tensor out = zeros(outShape);
        if (numel == 0) return out;
        int[] inStrides = Shape.strides(shape);
        int[] st = new int[r];
        for (int i = 0; i < r; i++) st[i] = inStrides[Shape.axis("permute", perm[i], r)];
        int[] idx = new int[r];
        int src = offset;
        float[] from = data(), to = out.data();
        for (int o = 0; o < numel; o++) {
            to[o] = from[src];
            for (int d = r - 1; d >= 0; d--) {
                idx[d]++;
                src += st[d];
                if (idx[d] < outShape[d]) break;
                src -= st[d] * outShape[d];
                idx[d] = 0;
            }
        }
        return out;
    }

    /** Swaps two axes. Copies. */
    public Tensor transpose(int a, int b) {
        int[] perm = new int[shape.length];
        for (int i = 0; i < perm.length; i++) perm[i] = i;
        a = Shape.axis("transpose", a, shape.length);
        b = Shape.axis("transpose", b, shape.length);
        perm[a] = b;
        perm[b] = a;
        return permute(perm);
    }

    // ---- element-wise -------------------------------------------------------------------------------

    public Tensor add(Tensor o) { return Broadcast.apply("add", this, o, K::add, (x, y) -> x + y); }

    public Tensor sub(Tensor o) { return Broadcast.apply("sub", this, o, K::sub, (x, y) -> x - y); }

    public Tensor mul(Tensor o) { return Broadcast.apply("mul", this, o, K::mul, (x, y) -> x * y); }

    public Tensor div(Tensor o) { return Broadcast.apply("div", this, o, K::div, (x, y) -> x / y); }

    /** In place {@code this += o}; {@code o} must broadcast to this shape. */
    public Tensor addi(Tensor o) { return inPlace("addi", o, K::add, (x, y) -> x + y); }

    /** In place {@code this -= o}. */
    public Tensor subi(Tensor o) { return inPlace("subi", o, K::sub, (x, y) -> x - y); }

    /** In place {@code this *= o}. */
    public Tensor muli(Tensor o) { return inPlace("muli", o, K::mul, (x, y) -> x * y); }

    /** In place {@code this /= o}. */
    public Tensor divi(Tensor o) { return inPlace("divi", o, K::div, (x, y) -> x / y); }

    private Tensor inPlace(String op, Tensor o, Broadcast.RangeOp r, Broadcast.ElementOp e) {
        if (!Arrays.equals(Shape.broadcast(op, shape, o.shape), shape)) {
            throw new IllegalArgumentException(op + ": " + Shape.str(o.shape) + " does not broadcast to " + Shape.str(shape));
        }
        Broadcast.applyInto(this, o, this, r, e);
        return this;
    }

    /** {@code this + s}. */
    public Tensor add(float s) {
        Tensor out = zeros(shape);
        K.addScalar(data(), offset, s, out.data(), 0, numel);
        return out;
    }

    /** {@code this * s}. */
    public Tensor mul(float s) {
        Tensor out = zeros(shape);
        K.scale(data(), offset, s, out.data(), 0, numel);
        return out;
    }

    /** In place {@code this *= s}. */
    public Tensor muli(float s) {
        K.scale(data(), offset, s, data(), offset, numel);
        return this;
    }

    /** In place {@code this += alpha * x} (same shape). */
    public Tensor axpyi(float alpha, Tensor x) {
        if (!sameShape(x)) throw new IllegalArgumentException("axpyi: " + Shape.str(x.shape) + " vs " + Shape.str(shape));
        K.axpy(alpha, x.data(), x.offset, data(), offset, numel);
        return this;
    }

    /** Sets every element to {@code v}. */
    public Tensor fill(float v) {
        Arrays.fill(data(), offset, offset + numel, v);
        return this;
    }

    /** Applies {@code f} element-wise into a new tensor. */
    public Tensor map(java.util.function.DoubleUnaryOperator f) {
        Tensor out = zeros(shape);
        float[] from = data(), to = out.data();
        for (int i = 0; i < numel; i++) to[i] = (float) f.applyAsDouble(from[offset + i]);
        return out;
    }

    /** max(x, 0). */
    public Tensor relu() {
        Tensor out = zeros(shape);
        K.relu(data(), offset, out.data(), 0, numel);
        return out;
    }

    // ---- reductions ---------------------------------------------------------------------------------

    /** Sum of all elements. */
    public float sum() { return K.sum(data(), offset, numel); }

    /** Mean of all elements (NaN when empty). */
    public float mean() { return numel == 0 ? Float.NaN : sum() / numel; }

    /** Maximum of all elements. */
    public float max() { return K.max(data(), offset, numel); }

    /** Sum over {@code axis}. */
    public Tensor sum(int axis, boolean keepDim) { return Reduce.sum(this, axis, keepDim); }

    /** Mean over {@code axis}. */
    public Tensor mean(int axis, boolean keepDim) {
        int a = Shape.axis("mean", axis, shape.length);
        return Reduce.sum(this, a, keepDim).muli(1f / shape[a]);
    }

    /** Maximum over {@code axis}. */
    public Tensor max(int axis, boolean keepDim) { return Reduce.max(this, axis, keepDim); }

    /** Index of the maximum over {@code axis} (first one on ties), as floats. */
    public Tensor argmax(int axis, boolean keepDim) { return Reduce.argmax(this, axis, keepDim); }

    // ---- linear algebra -----------------------------------------------------------------------------

    /** Matrix product of two rank-2 tensors: [M, K] × [K, N] → [M, N]. */
    public Tensor matmul(Tensor o) {
        if (shape.length != 2 || o.shape.length != 2 || shape[1] != o.shape[0]) {
            throw new IllegalArgumentException("matmul: shapes " + Shape.str(shape) + " and " + Shape.str(o.shape));
        }
        int m = shape[0], k = shape[1], n = o.shape[1];
        Tensor out = zeros(m, n);
        Gemm.sgemm(false, false, m, n, k, 1f, data(), offset, k, o.data(), o.offset, n, 0f, out.data(), 0, n);
        return out;
    }

    // ---- misc ---------------------------------------------------------------------------------------

    /** True if every element equals the other's bit for bit (same shape). */
    public boolean bitwiseEquals(Tensor o) {
        if (!sameShape(o)) return false;
        float[] a = data(), b = o.data();
        for (int i = 0; i < numel; i++) {
            if (Float.floatToRawIntBits(a[offset + i]) != Float.floatToRawIntBits(b[o.offset + i])) return false;
        }
        return true;
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(Shape.str(shape)).append(' ');
        int show = Math.min(numel, 8);
        sb.append('[');
        float[] d = data();
        for (int i = 0; i < show; i++) sb.append(i > 0 ? ", " : "").append(d[offset + i]);
        if (numel > show) sb.append(", ...");
        return sb.append(']').toString();
    }
}
