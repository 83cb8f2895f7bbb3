package dev.shears.prune.schedule;

/**
 * The shape of a sparsity schedule: sparsity as a function of the position {@code pos ∈ [0, 1]} inside the
 * pruning window, going from {@code start} to {@code end} sparsity.
 *
 * <p>Formulas follow fasterai's {@code core/schedule.py} (Hubens, fasterai v2), which in turn cites:
 * AGP from Zhu &amp; Gupta 2017 ("To prune, or not to prune", eq. 1: s_t = s_f + (s_i − s_f)(1 − (t − t0)/(nΔt))³);
 * one-cycle from Hubens et al. ("One-Cycle Pruning", 2021: logistic with α = 14, β = 6);
 * DSD from Han et al. 2017 ("Dense-Sparse-Dense": prune, then let weights regrow).
 */
public enum ScheduleShape {

    /** Full target at once: {@code end} for every pos (fasterai sched_oneshot). */
    ONE_SHOT {
        @Override public double value(double start, double end, double pos, int steps) { return end; }
    },

    /** {@code steps} equal jumps: start + ((end − start)/n)·⌈pos·n⌉ (fasterai sched_iterative, n = 3 by default). */
    ITERATIVE {
        @Override public double value(double start, double end, double pos, int steps) {
            return start + ((end - start) / steps) * Math.ceil(pos * steps);
        }
    },

    /** Automated gradual pruning, cubic: end + (start − end)(1 − pos)³ (Zhu &amp; Gupta 2017, eq. 1). */
    AGP {
        @Override public double value(double start, double end, double pos, int steps) {
            double r = 1 - pos;
            return end + (start - end) * r * r * r;
        }
    },

    /**
     * One-cycle: start + (end − start)·(1 + e^(β−α)) / (1 + e^(β − α·pos)), α = 14, β = 6 (fasterai
     * sched_onecycle). The factor is 1 at pos = 1 exactly; at pos = 0 it is ≈ 0.0025, not 0, as in fasterai.
     */
    ONE_CYCLE {
        @Override public double value(double start, double end, double pos, int steps) {
            double alpha = 14, beta = 6;
            double f = (1 + Math.exp(beta - alpha)) / (1 + Math.exp(beta - alpha * pos));
            return start + (end - start) * f;
        }
    },

    /** Cosine: start + (1 + cos(π(1 − pos)))·(end − start)/2 (fastai's sched_cos). */
    COSINE {
        @Override public double value(double start, double end, double pos, int steps) {
            return start + (1 + Math.cos(Math.PI * (1 - pos))) * (end - start) / 2;
        }
    },

    /** Linear: start + pos·(end − start) (fastai's sched_lin). */
    LINEAR {
        @Override public double value(double start, double end, double pos, int steps) {
            return start + pos * (end - start);
        }
    },

    /**
     * Dense-sparse-dense: cosine up to {@code end} at pos = ½, then cosine back down to {@code start} at pos = 1
     * (fasterai sched_dsd; Han et al. 2017).
     */
    DSD {
        @Override public double value(double start, double end, double pos, int steps) {
            double c = Math.cos(Math.PI * (1 - pos * 2));
            return pos < 0.5 ? start + (1 + c) * (end - start) / 2 : end + (1 - c) * (start - end) / 2;
        }
    };

    /**
     * The sparsity at {@code pos}.
     *
     * @param steps number of steps; only {@link #ITERATIVE} uses it
     */
    public abstract double value(double start, double end, double pos, int steps);

    /** Parses fasterai names ({@code one_shot, iterative, agp, one_cycle, cos, lin, dsd}) and enum names. */
    public static ScheduleShape parse(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT).replace('-', '_')) {
            case "one_shot", "oneshot" -> ONE_SHOT;
            case "iterative" -> ITERATIVE;
            case "agp", "cubic" -> AGP;
            case "one_cycle", "onecycle" -> ONE_CYCLE;
            case "cos", "cosine" -> COSINE;
            case "lin", "linear" -> LINEAR;
            case "dsd" -> DSD;
            default -> throw new IllegalArgumentException("unknown schedule '" + name
                    + "' (one_shot, iterative, agp, one_cycle, cos, lin, dsd)");
        };
    }
}
