package dev.shears.nn;

import dev.shears.autograd.Variable;
import dev.shears.autograd.ops.Relu;

/** {@code max(x, 0)}. */
public final class ReLU extends Module {
    @Override public Variable forward(Variable x) { return Relu.apply(x); }
}
