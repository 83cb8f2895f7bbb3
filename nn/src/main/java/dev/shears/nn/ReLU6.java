package dev.shears.nn;

import dev.shears.autograd.Variable;
import dev.shears.autograd.ops.Relu6;

/** {@code min(max(x, 0), 6)}. */
public final class ReLU6 extends Module {
    @Override public Variable forward(Variable x) { return Relu6.apply(x); }
}
