package dev.shears.prune.score;

import java.util.Arrays;
import java.util.Locale;

/**
 * Which weights are pruned together. A granularity names the weight dimensions that are <em>reduced</em>
 * into one score: weights that differ only along reduced dimensions form one group and share one mask bit.
 *
 * <p>Names and dimension sets are fasterai's ({@code core/granularity.py}, Hubens) for Conv2d weights
 * [out, in, kh, kw] and Linear weights [out, in]. Shears adds two plain aliases: {@code input_channel}
 * (= fasterai {@code shared_kernel}: one score per input channel, reduced over out, kh, kw) and, for
 * Linear, {@code input} (= {@code column}). Group scores are the <em>mean</em> of the member scores,
 * fasterai's default reducer.
 */
public final class Granularity {

    private final String name;
    private final boolean[] convReduced; // over [out, in, kh, kw]
    private final boolean[] linearReduced; // over [out, in]; null when the granularity has no Linear meaning

    private Granularity(String name, boolean[] conv, boolean[] linear) {
        this.name = name;
        this.convReduced = conv;
        this.linearReduced = linear;
    }

    /** Each weight alone: unstructured pruning. */
    public static final Granularity WEIGHT = parse("weight");
    /** One score per (out, in) kernel. */
    public static final Granularity KERNEL = parse("kernel");
    /** One score per output channel (filter); for Linear, per output row. */
    public static final Granularity FILTER = parse("filter");
    /** One score per input channel. */
    public static final Granularity INPUT_CHANNEL = parse("input_channel");

    private static boolean[] dims(int rank, int... reduced) {
        boolean[] r = new boolean[rank];
        for (int d : reduced) r[d] = true;
        return r;
    }

    /** Looks a granularity up by its fasterai (or Shears alias) name. */
    public static Granularity parse(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace('-', '_');
        // conv dims: 0 out, 1 in, 2 kh, 3 kw ; linear dims: 0 out, 1 in
        return switch (n) {
            case "weight" -> new Granularity(n, dims(4), dims(2));
            case "shared_weight" -> new Granularity(n, dims(4, 0), null);
            case "channel" -> new Granularity(n, dims(4, 1), null);
            case "column" -> new Granularity(n, dims(4, 2), dims(2, 0));
            case "row" -> new Granularity(n, dims(4, 3), dims(2, 1));
            case "kernel" -> new Granularity(n, dims(4, 2, 3), null);
            case "filter" -> new Granularity(n, dims(4, 1, 2, 3), dims(2, 1));
            case "shared_channel" -> new Granularity(n, dims(4, 0, 1), null);
            case "shared_column" -> new Granularity(n, dims(4, 0, 2), null);
            case "shared_row" -> new Granularity(n, dims(4, 0, 3), null);
            case "vertical_slice" -> new Granularity(n, dims(4, 1, 2), null);
            case "horizontal_slice" -> new Granularity(n, dims(4, 1, 3), null);
            case "shared_vertical_slice" -> new Granularity(n, dims(4, 0, 1, 2), null);
            case "shared_horizontal_slice" -> new Granularity(n, dims(4, 0, 1, 3), null);
            case "shared_kernel", "input_channel" -> new Granularity(n, dims(4, 0, 2, 3), dims(2, 0));
            case "input" -> new Granularity(n, null, dims(2, 0));
            case "layer" -> new Granularity(n, dims(4, 0, 1, 2, 3), dims(2, 0, 1));
            default -> throw new IllegalArgumentException("unknown granularity '" + name + "'");
        };
    }

    /** The name as given to {@link #parse}. */
    public String name() { return name; }

    /** True if this granularity applies to a weight of rank 4 (conv) or 2 (linear). */
    public boolean supports(int rank) {
        return (rank == 4 && convReduced != null) || (rank == 2 && linearReduced != null);
    }

    /** The grouping of a weight of this shape. */
    public Grouping groups(int[] weightShape) {
        boolean[] red = switch (weightShape.length) {
            case 4 -> convReduced;
            case 2 -> linearReduced;
            default -> null;
        };
        if (red == null) {
            throw new IllegalArgumentException("granularity " + name + " does not apply to weights of shape " + Arrays.toString(weightShape));
        }
        return new Grouping(weightShape, red);
    }

    @Override public String toString() { return name; }
}
