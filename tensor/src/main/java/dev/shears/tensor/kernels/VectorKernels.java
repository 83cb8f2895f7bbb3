package dev.shears.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} on the incubating Vector API, at the platform's preferred width. Only
 * {@link KernelProvider} may load this class, and only when {@code jdk.incubator.vector} is present.
 * Each loop is a vector body followed by a scalar tail that reuses the reference formula.
 */
final class VectorKernels implements Kernels {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Override public String name() { return "vector"; }

    @Override public int floatLanes() { return S.length(); }

    @Override public void add(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += S.length()) {
            FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        }
        for (; i < n; i++) out[oo + i] = a[ao + i] + b[bo + i];
    }

    @Override public void sub(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += S.length()) {
            FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        }
        for (; i < n; i++) out[oo + i] = a[ao + i] - b[bo + i];
    }

    @Override public void mul(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += S.length()) {
            FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        }
        for (; i < n; i++) out[oo + i] = a[ao + i] * b[bo + i];
    }

    @Override public void div(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += S.length()) {
            FloatVector.fromArray(S, a, ao + i).div(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        }
        for (; i < n; i++) out[oo + i] = a[ao + i] / b[bo + i];
    }

    @Override public void addScalar(float[] a, int ao, float s, float[] out, int oo, int n) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += S.length()) {
            FloatVector.fromArray(S, a, ao + i).add(s).intoArray(out, oo + i);
        }
        for (; i < n; i++) out[oo + i] = a[ao + i] + s;
    }

    @Override public void scale(float[] a, int ao, float s, float[] out, int oo, int n) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += S.length()) {
            FloatVector.fromArray(S, a, ao + i).mul(s).intoArray(out, oo + i);
        }
        for (; i < n; i++) out[oo + i] = a[ao + i] * s;
    }

    @Override public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        FloatVector va = FloatVector.broadcast(S, alpha);
        for (int ub = S.loopBound(n); i < ub; i += S.length()) {
            // mul then add, not fma: the scalar reference rounds twice and so must we to match bitwise
            FloatVector.fromArray(S, x, xo + i).mul(va).add(FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] += alpha * x[xo + i];
    }

    @Override public void axpy4(float a0, float a1, float a2, float a3, float[] x, int x0, int x1, int x2, int x3,
                                float[] y, int yo, int n) {
        int i = 0;
        FloatVector v0 = FloatVector.broadcast(S, a0), v1 = FloatVector.broadcast(S, a1);
        FloatVector v2 = FloatVector.broadcast(S, a2), v3 = FloatVector.broadcast(S, a3);
        for (int ub = S.loopBound(n); i < ub; i += S.length()) {
            // mul then add in the scalar order, not fma, to match the reference bitwise
            FloatVector acc = FloatVector.fromArray(S, y, yo + i);
            acc = acc.add(FloatVector.fromArray(S, x, x0 + i).mul(v0));
            acc = acc.add(FloatVector.fromArray(S, x, x1 + i).mul(v1));
            acc = acc.add(FloatVector.fromArray(S, x, x2 + i).mul(v2));
            acc = acc.add(FloatVector.fromArray(S, x, x3 + i).mul(v3));
            acc.intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            float s = y[yo + i];
            s += a0 * x[x0 + i];
            s += a1 * x[x1 + i];
            s += a2 * x[x2 + i];
            s += a3 * x[x3 + i];
            y[yo + i] = s;
        }
    }

    @Override public void relu(float[] a, int ao, float[] out, int oo, int n) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, a, ao + i);
            // lanewise MAX(v, 0) would turn NaN into NaN on x86 too, but be explicit: keep NaN lanes.
            v.blend(0f, v.compare(VectorOperators.LE, 0f)).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            float v = a[ao + i];
            out[oo + i] = v > 0f ? v : (v == v ? 0f : v);
        }
    }

    @Override public void reluGrad(float[] x, int xo, float[] g, int go, float[] out, int oo, int n) {
        int i = 0;
        FloatVector zero = FloatVector.zero(S);
        for (int ub = S.loopBound(n); i < ub; i += S.length()) {
            VectorMask<Float> pass = FloatVector.fromArray(S, x, xo + i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, g, go + i), pass).intoArray(out, oo + i);
        }
        for (; i < n; i++) out[oo + i] = x[xo + i] > 0f ? g[go + i] : 0f;
    }

    @Override public void selectRows(boolean[] keep, int[] keepAt, float[] x, int[] xAt, float[] out, int[] outAt, int rows, int n, int width) {
        FloatVector zero = FloatVector.zero(S);
        int ub = S.loopBound(n);
        for (int r = 0; r < rows; r++) {
            int k = keepAt[r], xo = xAt[r], oo = outAt[r], i = 0;
            for (; i < ub; i += S.length()) {
                zero.blend(FloatVector.fromArray(S, x, xo + i), VectorMask.fromArray(S, keep, k + i)).intoArray(out, oo + i);
            }
            for (; i < n; i++) out[oo + i] = keep[k + i] ? x[xo + i] : 0f;
            for (; i < width; i++) out[oo + i] = 0f;
        }
    }

    /**
     * Lanes across rows: one gather of {@code L} rows' element j (index map {@code i·ldx}) and one contiguous
     * store per column; the rows past the last whole vector are copied by the specification.
     */
    @Override public void transpose(float[] x, int xo, int ldx, int rows, int cols, float[] out, int oo, int ldo) {
        int ub = S.loopBound(rows), i = 0;
        if (ub > 0 && cols > 0) {
            if (xo < 0 || xo + (long) (rows - 1) * ldx + cols > x.length || oo < 0 || oo + (long) (cols - 1) * ldo + rows > out.length) {
                throw new IndexOutOfBoundsException("transpose: " + rows + "x" + cols + " from " + xo + " (ld " + ldx + ") into " + oo
                        + " (ld " + ldo + ") outside arrays of " + x.length + " and " + out.length);
            }
            int[] map = ROW_MAP.get();
            for (int l = 0; l < S.length(); l++) map[l] = l * ldx;
            for (; i < ub; i += S.length()) {
                int base = xo + i * ldx;
                for (int j = 0; j < cols; j++) FloatVector.fromArray(S, x, base + j, map, 0).intoArray(out, oo + j * ldo + i);
            }
        }
        ScalarKernels.transposeRows(x, xo, ldx, i, rows, cols, out, oo, ldo);
    }

    /** Per-thread gather index map of {@link #transpose}. */
    private static final ThreadLocal<int[]> ROW_MAP = ThreadLocal.withInitial(() -> new int[S.length()]);

    @Override public void sgdStep(float[] p, int po, float[] g, int go, float[] buf, int bo, float lr, float wd, float momentum,
                                  float damp, boolean initial, boolean nesterov, int n) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += S.length()) {
            FloatVector pv = FloatVector.fromArray(S, p, po + i), d = FloatVector.fromArray(S, g, go + i);
            if (wd != 0f) d = d.add(pv.mul(wd)); // the reference's two roundings, not an fma
            if (buf != null) {
                FloatVector b = initial ? d : FloatVector.fromArray(S, buf, bo + i).mul(momentum).add(d.mul(damp));
                b.intoArray(buf, bo + i);
                d = nesterov ? d.add(b.mul(momentum)) : b;
            }
            pv.sub(d.mul(lr)).intoArray(p, po + i);
        }
        ScalarKernels.sgd(p, po, g, go, buf, bo, lr, wd, momentum, damp, initial, nesterov, i, n);
    }

    @Override public void affine(float[] a, int ao, float sub, float mul, float add, float[] out, int oo, int n) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += S.length()) {
            // sub, mul, add: the reference's three roundings, not an fma
            FloatVector.fromArray(S, a, ao + i).sub(sub).mul(mul).add(add).intoArray(out, oo + i);
        }
        for (; i < n; i++) out[oo + i] = (a[ao + i] - sub) * mul + add;
    }

    @Override public void affineEach(float[] a, int ao, float[] sub, float[] mul, float[] add, int p, float[] out, int oo, int n) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += S.length()) {
            FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, sub, p + i)).mul(FloatVector.fromArray(S, mul, p + i))
                    .add(FloatVector.fromArray(S, add, p + i)).intoArray(out, oo + i);
        }
        for (; i < n; i++) out[oo + i] = (a[ao + i] - sub[p + i]) * mul[p + i] + add[p + i];
    }

    @Override public void addCentredSquares(float[] a, int ao, float[] mu, int mo, float[] acc, int co, int n) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += S.length()) {
            FloatVector d = FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, mu, mo + i));
            d.mul(d).add(FloatVector.fromArray(S, acc, co + i)).intoArray(acc, co + i); // no fma: the reference rounds twice
        }
        for (; i < n; i++) {
            float d = a[ao + i] - mu[mo + i];
            acc[co + i] += d * d;
        }
    }

    @Override public void addCentredProducts(float[] g, int go, float[] x, int xo, float[] mu, int mo, float[] acc, int co, int n) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += S.length()) {
            FloatVector d = FloatVector.fromArray(S, x, xo + i).sub(FloatVector.fromArray(S, mu, mo + i));
            FloatVector.fromArray(S, g, go + i).mul(d).add(FloatVector.fromArray(S, acc, co + i)).intoArray(acc, co + i);
        }
        for (; i < n; i++) acc[co + i] += g[go + i] * (x[xo + i] - mu[mo + i]);
    }

    @Override public void addProducts(float[] a, int ao, float[] b, int bo, float[] acc, int co, int n) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += S.length()) {
            FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).add(FloatVector.fromArray(S, acc, co + i)).intoArray(acc, co + i);
        }
        for (; i < n; i++) acc[co + i] += a[ao + i] * b[bo + i];
    }

    @Override public float centredSquares(float[] a, int ao, float mu, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (int ub = S.loopBound(n); i < ub; i += S.length()) {
            FloatVector d = FloatVector.fromArray(S, a, ao + i).sub(mu);
            acc = d.fma(d, acc);
        }
        for (VectorShuffle<Float> fold : FOLDS) acc = acc.add(acc.rearrange(fold)); // see FOLDS
        float s = acc.lane(0);
        for (; i < n; i++) {
            float d = a[ao + i] - mu;
            s += d * d;
        }
        return s;
    }

    @Override public float centredDot(float[] g, int go, float[] x, int xo, float mu, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (int ub = S.loopBound(n); i < ub; i += S.length()) {
            acc = FloatVector.fromArray(S, x, xo + i).sub(mu).fma(FloatVector.fromArray(S, g, go + i), acc);
        }
        for (VectorShuffle<Float> fold : FOLDS) acc = acc.add(acc.rearrange(fold)); // see FOLDS
        float s = acc.lane(0);
        for (; i < n; i++) s += g[go + i] * (x[xo + i] - mu);
        return s;
    }

    @Override public float dot(float[] a, int ao, float[] b, int bo, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (int ub = S.loopBound(n); i < ub; i += S.length()) {
            acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
        }
        for (VectorShuffle<Float> fold : FOLDS) acc = acc.add(acc.rearrange(fold)); // see FOLDS
        float s = acc.lane(0);
        for (; i < n; i++) s += a[ao + i] * b[bo + i];
        return s;
    }

    @Override public void dot4(float[] a, int ao, float[] b, int b0, int b1, int b2, int b3, int n, float[] out, int oo) {
        int i = 0;
        FloatVector acc0 = FloatVector.zero(S), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        for (int ub = S.loopBound(n); i < ub; i += S.length()) { // each accumulator as in dot
            FloatVector va = FloatVector.fromArray(S, a, ao + i);
            acc0 = va.fma(FloatVector.fromArray(S, b, b0 + i), acc0);
            acc1 = va.fma(FloatVector.fromArray(S, b, b1 + i), acc1);
            acc2 = va.fma(FloatVector.fromArray(S, b, b2 + i), acc2);
            acc3 = va.fma(FloatVector.fromArray(S, b, b3 + i), acc3);
        }
        for (VectorShuffle<Float> fold : FOLDS) {
            acc0 = acc0.add(acc0.rearrange(fold));
            acc1 = acc1.add(acc1.rearrange(fold));
            acc2 = acc2.add(acc2.rearrange(fold));
            acc3 = acc3.add(acc3.rearrange(fold));
        }
        float s0 = acc0.lane(0), s1 = acc1.lane(0), s2 = acc2.lane(0), s3 = acc3.lane(0);
        for (; i < n; i++) {
            s0 += a[ao + i] * b[b0 + i];
            s1 += a[ao + i] * b[b1 + i];
            s2 += a[ao + i] * b[b2 + i];
            s3 += a[ao + i] * b[b3 + i];
        }
        out[oo] = s0;
        out[oo + 1] = s1;
        out[oo + 2] = s2;
        out[oo + 3] = s3;
    }

    @Override public float sum(float[] a, int ao, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (int ub = S.loopBound(n); i < ub; i += S.length()) {
            acc = acc.add(FloatVector.fromArray(S, a, ao + i));
        }
        for (VectorShuffle<Float> fold : FOLDS) acc = acc.add(acc.rearrange(fold)); // see FOLDS
        float s = acc.lane(0);
        for (; i < n; i++) s += a[ao + i];
        return s;
    }

    /**
     * The lane sum of a reduction, as a fixed tree: step {@code t} adds to each lane the lane {@code L/2^t}
     * places further on (cyclically), and lane 0 ends up holding the total. {@code reduceLanes(ADD)} leaves
     * the order unspecified, and the Java fallback (interpreter, C1) and the C2 intrinsic do differ, so
     * results would depend on when the JIT compiled the caller — a run resumed from a checkpoint would drift
     * from an uninterrupted one. Lane-wise adds and constant shuffles give the same bits on every tier.
     * Earlier forms were slower on the short rows of batch norm: {@code lane(i)} with a variable index is
     * not intrinsified by JDK 17, and storing to a per-thread array spent a tenth of a vgg-small training
     * step in {@code ThreadLocal.get}. The tree is written out in each caller because a vector passed to a
     * method that C2 does not inline is boxed.
     */
    @SuppressWarnings("unchecked")
    private static final VectorShuffle<Float>[] FOLDS = folds();

    private static VectorShuffle<Float>[] folds() {
        int steps = Integer.numberOfTrailingZeros(S.length());
        VectorShuffle<Float>[] f = new VectorShuffle[steps];
        for (int t = 0; t < steps; t++) {
            int by = S.length() >> (t + 1);
            f[t] = VectorShuffle.fromOp(S, i -> (i + by) % S.length());
        }
        return f;
    }

    @Override public float max(float[] a, int ao, int n) {
        int i = 0;
        FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        boolean nan = false;
        for (int ub = S.loopBound(n); i < ub; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, a, ao + i);
            nan |= v.test(VectorOperators.IS_NAN).anyTrue();
            acc = acc.max(v);
        }
        if (nan) return Float.NaN;
        float m = acc.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            float v = a[ao + i];
            if (v != v) return v;
            if (v > m) m = v;
        }
        return m;
    }
}
