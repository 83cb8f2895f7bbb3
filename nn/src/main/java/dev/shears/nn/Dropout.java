package dev.shears.nn;

import dev.shears.autograd.Variable;
import dev.shears.tensor.random.Rng;

/** Inverted dropout with probability {@code p} in training mode, the identity in evaluation mode. */
public final class Dropout extends Module {

    public final float p;
    private Rng rng;

    /** Masks are drawn from {@code rng} (owned by this layer from now on). */
    public Dropout(float p, Rng rng) {
        if (!(p >= 0f && p <= 1f)) throw new IllegalArgumentException("Dropout: p = " + p);
        this.p = p;
        this.rng = rng;
    }

    /** The state of the mask generator, for training checkpoints ({@link Rng#state()}). */
    public long[] rngState() { return rng.state(); }

    /** Restores a state from {@link #rngState()}. */
    public void restoreRngState(long[] state) { rng = Rng.fromState(state); }

    @Override public Variable forward(Variable x) {
        return isTraining() && p > 0f ? dev.shears.autograd.ops.Dropout.apply(x, p, rng) : x;
    }
}
