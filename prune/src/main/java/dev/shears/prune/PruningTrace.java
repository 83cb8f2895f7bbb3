package dev.shears.prune;

import dev.shears.nn.train.TrainingCallback;
import dev.shears.nn.train.TrainingContext;
import dev.shears.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Records, every {@code every} optimizer steps and at each epoch's end, one JSON line per record: step,
 * epoch, loss, overall and per-layer sparsity of the masks, how many weights each layer lost (pruned) and
 * gained (regrown) since the previous record, and optional histograms (HALO's λ, momentum scores) from
 * named suppliers. For studying how a method prunes, from the inside; {@code shears report} plots them.
 */
public final class PruningTrace implements TrainingCallback {

    private final MaskSet masks;
    private final Writer out;
    private final int every;
    private final Map<String, Supplier<List<Tensor>>> histograms = new LinkedHashMap<>();
    private final int bins;
    private List<float[]> previous;

    /**
     * @param every record every this many steps (0: only at epoch ends)
     * @param bins  histogram bins
     */
    public PruningTrace(MaskSet masks, Writer out, int every, int bins) {
        this.masks = masks;
        this.out = out;
        this.every = every;
        this.bins = bins;
    }

    /** Adds a histogram of the values the supplier returns (e.g. {@code penalty::scales}) to every record. */
    public PruningTrace histogram(String name, Supplier<List<Tensor>> values) {
        histograms.put(name, values);
        return this;
    }

    @Override public void afterStep(TrainingContext ctx) {
        if (every > 0 && (ctx.step() + 1) % every == 0) record(ctx, "step");
    }

    @Override public void onEpochEnd(TrainingContext ctx) { record(ctx, "epoch"); }

    private void record(TrainingContext ctx, String kind) {
        StringBuilder sb = new StringBuilder("{\"kind\":\"").append(kind).append("\",\"step\":").append(ctx.step() + 1)
                .append(",\"epoch\":").append(ctx.epoch()).append(",\"loss\":").append(num(ctx.batchLoss()))
                .append(",\"sparsity\":").append(num(masks.sparsity())).append(",\"layers\":[");
        List<float[]> now = new ArrayList<>();
        for (int i = 0; i < masks.layers().size(); i++) {
            PrunableLayer l = masks.layers().get(i);
            float[] m = masks.mask(l).toArray();
            now.add(m);
            int zeros = 0, pruned = 0, regrown = 0;
            for (int e = 0; e < m.length; e++) {
                if (m[e] == 0f) zeros++;
                if (previous != null) {
                    float p = previous.get(i)[e];
                    if (p != 0f && m[e] == 0f) pruned++;
                    if (p == 0f && m[e] != 0f) regrown++;
                }
            }
            if (i > 0) sb.append(',');
            sb.append("{\"name\":\"").append(l.weightName()).append("\",\"sparsity\":").append(num(m.length == 0 ? 0 : (double) zeros / m.length))
              .append(",\"pruned\":").append(pruned).append(",\"regrown\":").append(regrown).append('}');
        }
        previous = now;
        sb.append(']');
        for (Map.Entry<String, Supplier<List<Tensor>>> h : histograms.entrySet()) {
            sb.append(",\"").append(h.getKey()).append("\":").append(histogram(h.getValue().get()));
        }
        sb.append("}\n");
        try {
            out.write(sb.toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the pruning trace", e);
        }
    }

    private String histogram(List<Tensor> values) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Tensor t : values) for (float v : t.toArray()) if (Float.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        if (lo > hi) { lo = 0; hi = 0; }
        long[] counts = new long[bins];
        double width = hi > lo ? (hi - lo) / bins : 1;
        for (Tensor t : values) {
            for (float v : t.toArray()) {
                if (!Float.isFinite(v)) continue;
                counts[(int) Math.min(bins - 1, Math.floor((v - lo) / width))]++;
            }
        }
        StringBuilder sb = new StringBuilder("{\"min\":").append(num(lo)).append(",\"max\":").append(num(hi)).append(",\"counts\":[");
        for (int b = 0; b < bins; b++) sb.append(b > 0 ? "," : "").append(counts[b]);
        return sb.append("]}").toString();
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "null";
    }
}
