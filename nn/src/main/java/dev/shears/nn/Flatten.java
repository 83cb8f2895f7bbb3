package dev.shears.nn;

import dev.shears.autograd.Variable;
import dev.shears.autograd.ops.Reshape;

/** [N, d1, d2, ...] → [N, d1·d2·...] (PyTorch's {@code nn.Flatten()}). */
public final class Flatten extends Module {
    @Override public Variable forward(Variable x) { return Reshape.flatten(x); }
}
