package dev.shears.nn.optim;

/**
 * Cosine annealing (Loshchilov and Hutter, "SGDR", ICLR 2017, eq. 5, without restarts), PyTorch's
 * {@code CosineAnnealingLR} closed form: {@code lr = ηmin + (base − ηmin)·(1 + cos(π·t/T))/2}. For
 * {@code t > T} this class stays at ηmin (PyTorch's recursive form would rise again; a single anneal is
 * what training recipes mean).
 */
public record CosineLr(double base, long tMax, double etaMin) implements LrSchedule {

    public CosineLr {
        if (tMax < 1) throw new IllegalArgumentException("CosineLr: T_max " + tMax);
    }

    @Override public double lr(long t) {
        if (t >= tMax) return etaMin;
        return etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * t / tMax)) / 2;
    }
}
