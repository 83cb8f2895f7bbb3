package dev.shears.autograd.ops;

import dev.shears.tensor.Shape;

/** A shape seen as {@code [outer, n, inner]} around one axis, for ops that work along that axis. */
record AxisLayout(int outer, int n, int inner) {

    static AxisLayout of(String op, int[] shape, int axis) {
        int a = Shape.axis(op, axis, shape.length);
        int outer = 1, inner = 1;
        for (int i = 0; i < a; i++) outer *= shape[i];
        for (int i = a + 1; i < shape.length; i++) inner *= shape[i];
        return new AxisLayout(outer, shape[a], inner);
    }

    /** Index of element {@code j} along the axis in the line {@code (p, q)}. */
    int index(int p, int j, int q) { return (p * n + j) * inner + q; }
}
