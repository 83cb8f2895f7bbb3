package dev.shears.prune.schedule;

/**
 * When and how much to prune: a {@link ScheduleShape} applied inside a window of training.
 *
 * <p>{@code fraction} is the fraction of training done, in [0, 1]. Before {@code startFraction} the sparsity
 * is {@code startSparsity}; after {@code endFraction} it is what the shape gives at pos = 1 (for every shape
 * but DSD that is {@code endSparsity}). Inside, pos = (fraction − startFraction)/(endFraction − startFraction),
 * as in fasterai's {@code Schedule.__call__}. Sparsities are fractions in [0, 1], not percents.
 *
 * @param shape          the curve
 * @param startSparsity  sparsity before the window (usually 0)
 * @param endSparsity    the target
 * @param startFraction  where the window opens
 * @param endFraction    where it closes (> startFraction, or equal for an instantaneous one-shot)
 * @param steps          jumps for {@link ScheduleShape#ITERATIVE} (fasterai default 3)
 */
public record PruningSchedule(ScheduleShape shape, double startSparsity, double endSparsity,
                              double startFraction, double endFraction, int steps) {

    public PruningSchedule {
        if (shape == null) throw new IllegalArgumentException("schedule shape is null");
        checkUnit("startSparsity", startSparsity);
        checkUnit("endSparsity", endSparsity);
        checkUnit("startFraction", startFraction);
        checkUnit("endFraction", endFraction);
        if (endFraction < startFraction) {
            throw new IllegalArgumentException("schedule window [" + startFraction + ", " + endFraction + "] is reversed");
        }
        if (steps < 1) throw new IllegalArgumentException("schedule steps must be >= 1, got " + steps);
    }

    private static void checkUnit(String what, double v) {
        if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException(what + " must be in [0, 1], got " + v);
    }

    /** A schedule over the whole of training from 0 to {@code target}, 3 steps for the iterative shape. */
    public static PruningSchedule of(ScheduleShape shape, double target) {
        return new PruningSchedule(shape, 0, target, 0, 1, 3);
    }

    /** A copy with another window. */
    public PruningSchedule window(double start, double end) {
        return new PruningSchedule(shape, startSparsity, endSparsity, start, end, steps);
    }

    /** The sparsity to hold after {@code fraction} of training. */
    public double sparsityAt(double fraction) {
        if (fraction < startFraction) return startSparsity;
        double pos = endFraction == startFraction ? 1 : Math.min(1, (fraction - startFraction) / (endFraction - startFraction));
        double s = shape.value(startSparsity, endSparsity, pos, steps);
        return Math.max(0, Math.min(1, s)); // the one-cycle and cosine formulas may leave [0,1] by rounding
    }
}
