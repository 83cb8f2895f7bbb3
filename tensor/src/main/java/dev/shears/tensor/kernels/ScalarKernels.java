package dev.shears.tensor.kernels;

/** The reference kernels: one plain loop each. These define what every other backend must compute. */
public final class ScalarKernels implements Kernels {

    @Override public String name() { return "scalar"; }

    @Override public int floatLanes() { return 1; }

    @Override public void add(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] + b[bo + i];
    }

    @Override public void sub(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] - b[bo + i];
    }

    @Override public void mul(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] * b[bo + i];
    }

    @Override public void div(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] / b[bo + i];
    }

    @Override public void addScalar(float[] a, int ao, float s, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] + s;
    }

    @Override public void scale(float[] a, int ao, float s, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] * s;
    }

    @Override public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) y[yo + i] += alpha * x[xo + i];
    }

    @Override public void axpy4(float a0, float a1, float a2, float a3, float[] x, int x0, int x1, int x2, int x3,
                                float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            float s = y[yo + i];
            s += a0 * x[x0 + i];
            s += a1 * x[x1 + i];
            s += a2 * x[x2 + i];
            s += a3 * x[x3 + i];
            y[yo + i] = s;
        }
    }

    @Override public void relu(float[] a, int ao, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            float v = a[ao + i];
            out[oo + i] = v > 0f ? v : (v == v ? 0f : v); // NaN stays NaN so NaN detection still sees it
        }
    }

    @Override public void reluGrad(float[] x, int xo, float[] g, int go, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = x[xo + i] > 0f ? g[go + i] : 0f;
    }

    @Override public void selectRows(boolean[] keep, int[] keepAt, float[] x, int[] xAt, float[] out, int[] outAt, int rows, int n, int width) {
        for (int r = 0; r < rows; r++) {
            int k = keepAt[r], xo = xAt[r], oo = outAt[r];
            for (int j = 0; j < n; j++) out[oo + j] = keep[k + j] ? x[xo + j] : 0f;
            for (int j = n; j < width; j++) out[oo + j] = 0f;
        }
    }

    @Override public void transpose(float[] x, int xo, int ldx, int rows, int cols, float[] out, int oo, int ldo) {
        transposeRows(x, xo, ldx, 0, rows, cols, out, oo, ldo);
    }

    /** {@link #transpose} of rows {@code [from, to)}: the specification, and the vector kernel's tail. */
    static void transposeRows(float[] x, int xo, int ldx, int from, int to, int cols, float[] out, int oo, int ldo) {
        for (int i = from; i < to; i++) {
            for (int j = 0; j < cols; j++) out[oo + j * ldo + i] = x[xo + i * ldx + j];
        }
    }

    @Override public void sgdStep(float[] p, int po, float[] g, int go, float[] buf, int bo, float lr, float wd, float momentum,
                                  float damp, boolean initial, boolean nesterov, int n) {
        sgd(p, po, g, go, buf, bo, lr, wd, momentum, damp, initial, nesterov, 0, n);
    }

    /** {@link #sgdStep} on elements {@code [from, to)}: the specification, and the vector kernel's tail. */
    static void sgd(float[] p, int po, float[] g, int go, float[] buf, int bo, float lr, float wd, float momentum,
                    float damp, boolean initial, boolean nesterov, int from, int to) {
        for (int i = from; i < to; i++) {
            float d = g[go + i];
            if (wd != 0f) d += wd * p[po + i];
            if (buf != null) {
                buf[bo + i] = initial ? d : momentum * buf[bo + i] + damp * d;
                d = nesterov ? d + momentum * buf[bo + i] : buf[bo + i];
            }
            p[po + i] -= lr * d;
        }
    }

    @Override public void affine(float[] a, int ao, float sub, float mul, float add, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = (a[ao + i] - sub) * mul + add;
    }

    @Override public void affineEach(float[] a, int ao, float[] sub, float[] mul, float[] add, int p, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = (a[ao + i] - sub[p + i]) * mul[p + i] + add[p + i];
    }

    @Override public void addCentredSquares(float[] a, int ao, float[] mu, int mo, float[] acc, int co, int n) {
        for (int i = 0; i < n; i++) {
            float d = a[ao + i] - mu[mo + i];
            acc[co + i] += d * d;
        }
    }

    @Override public void addCentredProducts(float[] g, int go, float[] x, int xo, float[] mu, int mo, float[] acc, int co, int n) {
        for (int i = 0; i < n; i++) acc[co + i] += g[go + i] * (x[xo + i] - mu[mo + i]);
    }

    @Override public void addProducts(float[] a, int ao, float[] b, int bo, float[] acc, int co, int n) {
        for (int i = 0; i < n; i++) acc[co + i] += a[ao + i] * b[bo + i];
    }

    @Override public float centredSquares(float[] a, int ao, float mu, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            float d = a[ao + i] - mu;
            s += d * d;
        }
        return s;
    }

    @Override public float centredDot(float[] g, int go, float[] x, int xo, float mu, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) s += g[go + i] * (x[xo + i] - mu);
        return s;
    }

    @Override public float dot(float[] a, int ao, float[] b, int bo, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) s += a[ao + i] * b[bo + i];
        return s;
    }

    @Override public void dot4(float[] a, int ao, float[] b, int b0, int b1, int b2, int b3, int n, float[] out, int oo) {
        out[oo] = dot(a, ao, b, b0, n);
        out[oo + 1] = dot(a, ao, b, b1, n);
        out[oo + 2] = dot(a, ao, b, b2, n);
        out[oo + 3] = dot(a, ao, b, b3, n);
    }

    @Override public float sum(float[] a, int ao, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) s += a[ao + i];
        return s;
    }

    @Override public float max(float[] a, int ao, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float v = a[ao + i];
            if (v != v) return v;
            if (v > m) m = v;
        }
        return m;
    }
}
