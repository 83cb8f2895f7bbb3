package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Shape;
import dev.shears.tensor.Tensor;

/**
 * Sum over a set of axes, optionally scaled (the mean is the sum times 1/count). The gradient broadcasts
 * {@code gy·scale} back over the reduced axes.
 */
public final class Sum extends Node {

    private final int[] inShape, keptShape;
    private final float scale;

    private Sum(Variable x, int[] keptShape, float scale) {
        super(x);
        this.inShape = x.shape();
        this.keptShape = keptShape;
        this.scale = scale;
    }

    /** x: any shape → scalar [] holding the sum of all elements. */
    public static Variable all(Variable x) {
        Tensor y = Tensor.scalar(x.data().sum());
        return record(y, () -> new Sum(x, ones(x.data().rank()), 1f), x);
    }

    /** x: any shape → scalar []: the mean of all elements. */
    public static Variable meanAll(Variable x) {
        int n = x.data().numel();
        Tensor y = Tensor.scalar(x.data().sum() / n);
        return record(y, () -> new Sum(x, ones(x.data().rank()), 1f / n), x);
    }

    /** Sum over {@code axes}; with {@code keepDim} reduced axes stay as size 1. */
    public static Variable over(Variable x, boolean keepDim, int... axes) { return reduce(x, keepDim, false, axes); }

    /** Mean over {@code axes}. */
    public static Variable meanOver(Variable x, boolean keepDim, int... axes) { return reduce(x, keepDim, true, axes); }

    private static Variable reduce(Variable x, boolean keepDim, boolean mean, int[] axes) {
        int r = x.data().rank();
        boolean[] reduced = new boolean[r];
        for (int a : axes) reduced[Shape.axis("sum", a, r)] = true;
        Tensor t = x.data();
        long count = 1;
        for (int d = 0; d < r; d++) {
            if (reduced[d]) {
                count *= t.dim(d);
                t = t.sum(d, true);
            }
        }
        int[] kept = t.shape();
        float scale = mean ? 1f / count : 1f;
        if (mean) t = t.mul(scale);
        Tensor y = keepDim ? t : t.reshape(dropped(kept, reduced));
        return record(y, () -> new Sum(x, kept, scale), x);
    }

    private static int[] dropped(int[] kept, boolean[] reduced) {
        int n = 0;
        for (boolean b : reduced) if (!b) n++;
        int[] s = new int[n];
        for (int d = 0, j = 0; d < kept.length; d++) if (!reduced[d]) s[j++] = kept[d];
        return s;
    }

    private static int[] ones(int r) {
        int[] s = new int[r];
        java.util.Arrays.fill(s, 1);
        return s;
    }

    @Override protected Tensor[] backward(Tensor gy) {
        // gy: the reduced shape → broadcast to the input shape
        Tensor g = gy.reshape(keptShape);
        Tensor gx = Tensor.zeros(inShape).addi(g);
        if (scale != 1f) gx.muli(scale);
        return new Tensor[] {gx};
    }
}
