package dev.shears.codec.quant;

import java.util.Locale;

/** Quantizers by command-line name: {@code none}, {@code uq}, {@code cws}, {@code pws}, {@code ecsq}. */
public final class Quantizers {

    private Quantizers() {}

    /** The quantizer called {@code name}, or null for {@code none}. */
    public static Quantizer byName(String name, long seed) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "none" -> null;
            case "uq" -> new UniformQuantizer();
            case "cws" -> new KMeansQuantizer();
            case "pws" -> new ProbabilisticQuantizer(seed);
            case "ecsq" -> new EntropyConstrainedQuantizer();
            default -> throw new IllegalArgumentException("unknown quantizer '" + name + "' (none, uq, cws, pws, ecsq)");
        };
    }
}
