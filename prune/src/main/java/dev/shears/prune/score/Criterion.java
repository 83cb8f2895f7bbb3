package dev.shears.prune.score;

import dev.shears.tensor.random.Rng;

/**
 * Per-weight importance scores: higher means keep. The names and formulas are fasterai's
 * ({@code core/criteria.py}, Hubens): {@code wf} is the current weight, {@code wi} the reference weight —
 * the initial one for the "init" criteria, the one at the previous pruning step for the "updating" ones.
 *
 * <p>Magnitude pruning (Han et al. 2015; Zhu &amp; Gupta 2017) is {@link #LARGE_FINAL}: |wf|. Movement
 * (Sanh et al. 2020's first-order idea) is approximated by fasterai as |wf − wi|.
 */
public enum Criterion {
    /** Gaussian noise: random pruning, the control. */
    RANDOM(false),
    /** |wf|: magnitude. */
    LARGE_FINAL(false),
    /** wf². */
    SQUARED_FINAL(false),
    /** −|wf|. */
    SMALL_FINAL(false),
    /** |wi|. */
    LARGE_INIT(true),
    /** −|wi|. */
    SMALL_INIT(true),
    /** min(|wf|, |wi|). */
    LARGE_INIT_LARGE_FINAL(true),
    /** −max(|wf|, |wi|). */
    SMALL_INIT_SMALL_FINAL(true),
    /** |wf| − |wi|. */
    MAGNITUDE_INCREASE(true),
    /** |wf − wi|. */
    MOVEMENT(true),
    /** |wf · (wf − wi)|. */
    MOVMAG(true);

    private final boolean needsReference;

    Criterion(boolean needsReference) { this.needsReference = needsReference; }

    /** True when the score reads a reference (initial or previous) weight. */
    public boolean needsReference() { return needsReference; }

    /**
     * Writes the score of each weight into {@code out}. {@code wi} may be null for criteria that do not
     * need it; {@code rng} is used by {@link #RANDOM} only.
     */
    public void score(float[] wf, float[] wi, Rng rng, float[] out) {
        int n = wf.length;
        if (out.length != n || (needsReference && (wi == null || wi.length != n))) {
            throw new IllegalArgumentException(name() + ": weights, reference and output lengths differ");
        }
        for (int i = 0; i < n; i++) {
            float f = wf[i], r = needsReference ? wi[i] : 0f;
            out[i] = switch (this) {
                case RANDOM -> (float) rng.nextGaussian();
                case LARGE_FINAL -> Math.abs(f);
                case SQUARED_FINAL -> f * f;
                case SMALL_FINAL -> -Math.abs(f);
                case LARGE_INIT -> Math.abs(r);
                case SMALL_INIT -> -Math.abs(r);
                case LARGE_INIT_LARGE_FINAL -> Math.min(Math.abs(f), Math.abs(r));
                case SMALL_INIT_SMALL_FINAL -> -Math.max(Math.abs(f), Math.abs(r));
                case MAGNITUDE_INCREASE -> Math.abs(f) - Math.abs(r);
                case MOVEMENT -> Math.abs(f - r);
                case MOVMAG -> Math.abs(f * (f - r));
            };
        }
    }

    /** Parses fasterai names ({@code large_final}, {@code movement}, ...); {@code magnitude} means large_final. */
    public static Criterion parse(String name) {
        String n = name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        if (n.equals("MAGNITUDE")) return LARGE_FINAL;
        try {
            return valueOf(n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown criterion '" + name + "' (" + java.util.Arrays.toString(values()).toLowerCase(java.util.Locale.ROOT) + ")");
        }
    }
}
