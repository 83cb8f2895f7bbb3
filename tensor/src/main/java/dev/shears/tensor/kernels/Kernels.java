package dev.shears.tensor.kernels;

/**
 * The element-wise and reduction kernels every tensor op is built from.
 *
 * <p>Two implementations exist, picked once at start-up by {@link KernelProvider}: {@link ScalarKernels},
 * plain loops that are the <em>specification</em>, and {@code VectorKernels}, the same contracts on the
 * incubating Vector API (loaded only when {@code jdk.incubator.vector} is in the boot layer). Every fast
 * kernel is tested against the scalar one. The pattern follows Lucene's vectorization provider.
 *
 * <p>All arrays are addressed as {@code (array, offset)} with an explicit length {@code n}, so kernels run
 * on views and sub-ranges without copies. Reductions may reorder additions in the vector backend (results
 * then differ from the scalar ones by rounding only), but the order never depends on the thread count.
 */
public interface Kernels {

    /** A short name for reports: {@code "scalar"} or {@code "vector"}. */
    String name();

    /** Lanes of float per vector register used ({@code 1} for the scalar backend). */
    int floatLanes();

    /** {@code out[i] = a[i] + b[i]}. */
    void add(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n);

    /** {@code out[i] = a[i] - b[i]}. */
    void sub(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n);

    /** {@code out[i] = a[i] * b[i]}. */
    void mul(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n);

    /** {@code out[i] = a[i] / b[i]}. */
    void div(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n);

    /** {@code out[i] = a[i] + s}. */
    void addScalar(float[] a, int ao, float s, float[] out, int oo, int n);

    /** {@code out[i] = a[i] * s}. */
    void scale(float[] a, int ao, float s, float[] out, int oo, int n);

    /** {@code y[i] += alpha * x[i]}. */
    void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n);

    /**
     * Four axpys from rows of one array in one pass:
     * {@code y[i] = (((y[i] + a0·x[x0+i]) + a1·x[x1+i]) + a2·x[x2+i]) + a3·x[x3+i]}, every product and sum
     * rounded to float, so the result is bitwise that of four {@link #axpy} calls in this order (y is read
     * and written once instead of four times). {@code y} must not overlap the x rows.
     */
    void axpy4(float a0, float a1, float a2, float a3, float[] x, int x0, int x1, int x2, int x3, float[] y, int yo, int n);

    /** {@code out[i] = max(a[i], 0)}. */
    void relu(float[] a, int ao, float[] out, int oo, int n);

    /**
     * The ReLU gradient: {@code out[i] = x[i] > 0 ? g[i] : 0} ({@code +0}, also where {@code x} is NaN or
     * {@code g} is anything else). Bitwise equal across backends: it only selects.
     */
    void reluGrad(float[] x, int xo, float[] g, int go, float[] out, int oo, int n);

    /**
     * Selects on many short rows in one call: for each {@code r < rows}, {@code out[outAt[r] + j] =
     * keep[keepAt[r] + j] ? x[xAt[r] + j] : +0} for {@code j < n}, and {@code +0} for {@code n <= j < width}.
     * Implicit im2col packs a GEMM panel this way (a row of up to 32 values per kernel tap and channel, the
     * padding positions not kept), where a call per row cost more than the copy. Bitwise equal across
     * backends: it only selects.
     */
    void selectRows(boolean[] keep, int[] keepAt, float[] x, int[] xAt, float[] out, int[] outAt, int rows, int n, int width);

    /**
     * A transposed copy: {@code out[oo + j·ldo + i] = x[xo + i·ldx + j]} for {@code i < rows, j < cols}. A
     * row of channel planes becomes pixels with their channels consecutive (channels last) this way. Bitwise
     * equal across backends: it only copies.
     */
    void transpose(float[] x, int xo, int ldx, int rows, int cols, float[] out, int oo, int ldo);

    /**
     * One SGD step on n parameters, PyTorch's {@code torch.optim.SGD} update with each operation rounded to
     * float (no fused multiply-add): {@code d = g + wd·p} (the product skipped when wd = 0), then with a
     * momentum buffer ({@code buf} not null) {@code buf = initial ? d : momentum·buf + damp·d} and
     * {@code d = nesterov ? d + momentum·buf : buf}; finally {@code p = p − lr·d}.
     */
    void sgdStep(float[] p, int po, float[] g, int go, float[] buf, int bo, float lr, float wd, float momentum,
                 float damp, boolean initial, boolean nesterov, int n);

    /** {@code out[i] = (a[i] - sub) * mul + add}, each operation rounded to float (no fused multiply-add). */
    void affine(float[] a, int ao, float sub, float mul, float add, float[] out, int oo, int n);

    /**
     * {@link #affine} with a parameter per element: {@code out[i] = (a[i] - sub[p+i]) * mul[p+i] + add[p+i]},
     * each operation rounded to float. Batch norm uses it on runs of channels whose planes are shorter than
     * a few vectors, with the channel parameters repeated over each plane.
     */
    void affineEach(float[] a, int ao, float[] sub, float[] mul, float[] add, int p, float[] out, int oo, int n);

    /** {@code acc[i] += (a[i] - mu[i])²}, the difference, square and sum each rounded to float. */
    void addCentredSquares(float[] a, int ao, float[] mu, int mo, float[] acc, int co, int n);

    /** {@code acc[i] += g[i] * (x[i] - mu[i])}, each operation rounded to float. */
    void addCentredProducts(float[] g, int go, float[] x, int xo, float[] mu, int mo, float[] acc, int co, int n);

    /** {@code acc[i] += a[i] * b[i]}, the product and sum each rounded to float (no fused multiply-add). */
    void addProducts(float[] a, int ao, float[] b, int bo, float[] acc, int co, int n);

    /** {@code sum_i (a[i] - mu)²}: a centred sum of squares (a variance numerator). */
    float centredSquares(float[] a, int ao, float mu, int n);

    /** {@code sum_i g[i] * (x[i] - mu)}: a dot product with a centred vector. */
    float centredDot(float[] g, int go, float[] x, int xo, float mu, int n);

    /** {@code sum_i a[i] * b[i]}. */
    float dot(float[] a, int ao, float[] b, int bo, int n);

    /**
     * Four dot products of {@code a} with rows of {@code b}: {@code out[oo + t] = dot(a, ao, b, b_t, n)} for
     * t = 0..3, each bitwise what {@link #dot} returns, reading a once instead of four times (a depthwise
     * convolution's weight gradient: one output-gradient stack against four shifted input stacks).
     */
    void dot4(float[] a, int ao, float[] b, int b0, int b1, int b2, int b3, int n, float[] out, int oo);

    /** {@code sum_i a[i]}; {@code 0} for {@code n == 0}. */
    float sum(float[] a, int ao, int n);

    /** {@code max_i a[i]}; {@code -Infinity} for {@code n == 0}. NaN propagates. */
    float max(float[] a, int ao, int n);
}
