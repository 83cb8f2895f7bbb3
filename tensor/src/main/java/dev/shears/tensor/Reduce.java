package dev.shears.tensor;

/**
 * Reductions over one axis. A tensor of shape [outer, n, inner] (the axis in the middle) reduces to
 * [outer, inner]; the additions over the axis run in index order, so results do not depend on threads.
 */
final class Reduce {

    private Reduce() {}

    private static int[] outShape(int[] s, int axis, boolean keepDim) {
        if (keepDim) {
            int[] o = s.clone();
            o[axis] = 1;
            return o;
        }
        int[] o = new int[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) if (i != axis) o[j++] = s[i];
        return o;
    }

    static Tensor sum(Tensor t, int axis, boolean keepDim) {
        int[] s = t.shape();
        int a = Shape.axis("sum", axis, s.length);
        int n = s[a], outer = 1, inner = 1;
        for (int i = 0; i < a; i++) outer *= s[i];
        for (int i = a + 1; i < s.length; i++) inner *= s[i];
        Tensor out = Tensor.zeros(outShape(s, a, keepDim));
        float[] x = t.data(), o = out.data();
        int off = t.offset();
        for (int p = 0; p < outer; p++) {
            for (int j = 0; j < n; j++) {
                int base = off + (p * n + j) * inner;
                for (int q = 0; q < inner; q++) o[p * inner + q] += x[base + q];
            }
        }
        return out;
    }

    static Tensor max(Tensor t, int axis, boolean keepDim) { return maxOrArg(t, axis, keepDim, false); }

    static Tensor argmax(Tensor t, int axis, boolean keepDim) { return maxOrArg(t, axis, keepDim, true); }

    private static Tensor maxOrArg(Tensor t, int axis, boolean keepDim, boolean arg) {
        int[] s = t.shape();
        int a = Shape.axis(arg ? "argmax" : "max", axis, s.length);
        int n = s[a], outer = 1, inner = 1;
        if (n == 0) throw new IllegalArgumentException((arg ? "argmax" : "max") + ": empty axis in " + Shape.str(s));
        for (int i = 0; i < a; i++) outer *= s[i];
        for (int i = a + 1; i < s.length; i++) inner *= s[i];
        Tensor out = Tensor.zeros(outShape(s, a, keepDim));
        float[] x = t.data(), o = out.data();
        int off = t.offset();
        for (int p = 0; p < outer; p++) {
            for (int q = 0; q < inner; q++) {
                float best = Float.NEGATIVE_INFINITY;
                int bi = 0;
                for (int j = 0; j < n; j++) {
                    float v = x[off + (p * n + j) * inner + q];
                    if (v > best || (v != v && best == best)) { // NaN wins, like torch.max
                        best = v;
                        bi = j;
                    }
                }
                o[p * inner + q] = arg ? bi : best;
            }
        }
        return out;
    }
}
