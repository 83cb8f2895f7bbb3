package dev.shears.prune;

import dev.shears.autograd.Variable;
import dev.shears.nn.Module;
import dev.shears.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-layer sparsity of a model, measured on the weights themselves (a weight counts as pruned when it is
 * exactly zero, whatever the masks say), and the global figures: over the pruned layers and over all
 * parameters.
 */
public final class SparsityReport {

    /** One weight tensor's figures. */
    public record Row(String name, int[] shape, long params, long nonzeros) {
        public double sparsity() { return params == 0 ? 0 : 1.0 - (double) nonzeros / params; }
    }

    private final List<Row> rows;
    private final long totalParams, totalNonzeros;

    private SparsityReport(List<Row> rows, long totalParams, long totalNonzeros) {
        this.rows = List.copyOf(rows);
        this.totalParams = totalParams;
        this.totalNonzeros = totalNonzeros;
    }

    /** Measures the weights of {@code layers}, and every parameter of {@code model} for the totals. */
    public static SparsityReport of(Module model, List<PrunableLayer> layers) {
        List<Row> rows = new ArrayList<>();
        for (PrunableLayer l : layers) {
            Tensor w = l.weight().data();
            rows.add(new Row(l.weightName(), w.shape(), w.numel(), nonzeros(w)));
        }
        long p = 0, nz = 0;
        for (Map.Entry<String, Variable> e : model.namedParameters().entrySet()) {
            p += e.getValue().data().numel();
            nz += nonzeros(e.getValue().data());
        }
        return new SparsityReport(rows, p, nz);
    }

    static long nonzeros(Tensor t) {
        long n = 0;
        float[] d = t.data();
        for (int i = t.offset(), e = i + t.numel(); i < e; i++) if (d[i] != 0f) n++;
        return n;
    }

    public List<Row> rows() { return rows; }

    /** Sparsity over the reported (pruned) layers. */
    public double layersSparsity() {
        long p = 0, nz = 0;
        for (Row r : rows) { p += r.params(); nz += r.nonzeros(); }
        return p == 0 ? 0 : 1.0 - (double) nz / p;
    }

    /** Sparsity over all parameters of the model (biases, BN and unpruned layers included). */
    public double modelSparsity() { return totalParams == 0 ? 0 : 1.0 - (double) totalNonzeros / totalParams; }

    public long totalParams() { return totalParams; }

    public long totalNonzeros() { return totalNonzeros; }

    /** CSV with a header row; the last two rows are the totals. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("layer,shape,params,nonzeros,sparsity\n");
        for (Row r : rows) {
            sb.append(r.name()).append(",\"").append(shape(r.shape())).append("\",").append(r.params()).append(',')
              .append(r.nonzeros()).append(',').append(fmt(r.sparsity())).append('\n');
        }
        long p = 0, nz = 0;
        for (Row r : rows) { p += r.params(); nz += r.nonzeros(); }
        sb.append("pruned layers,,").append(p).append(',').append(nz).append(',').append(fmt(layersSparsity())).append('\n');
        sb.append("all parameters,,").append(totalParams).append(',').append(totalNonzeros).append(',').append(fmt(modelSparsity())).append('\n');
        return sb.toString();
    }

    /** JSON object: {"layers":[...], "layers_sparsity":..., "model_sparsity":..., ...}. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\"layers\":[");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (i > 0) sb.append(',');
            sb.append("{\"name\":\"").append(r.name()).append("\",\"shape\":").append(java.util.Arrays.toString(r.shape()).replace(" ", ""))
              .append(",\"params\":").append(r.params()).append(",\"nonzeros\":").append(r.nonzeros())
              .append(",\"sparsity\":").append(fmt(r.sparsity())).append('}');
        }
        return sb.append("],\"layers_sparsity\":").append(fmt(layersSparsity()))
                 .append(",\"model_sparsity\":").append(fmt(modelSparsity()))
                 .append(",\"params\":").append(totalParams).append(",\"nonzeros\":").append(totalNonzeros).append('}').toString();
    }

    /** A fixed-width text table for terminals. */
    public String toTable() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-28s %-18s %10s %10s %9s%n", "layer", "shape", "params", "nonzeros", "sparsity"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-28s %-18s %10d %10d %8.2f%%%n", r.name(), shape(r.shape()), r.params(), r.nonzeros(), 100 * r.sparsity()));
        }
        sb.append(String.format(Locale.ROOT, "%-28s %-18s %10s %10s %8.2f%%%n", "pruned layers", "", "", "", 100 * layersSparsity()));
        sb.append(String.format(Locale.ROOT, "%-28s %-18s %10d %10d %8.2f%%%n", "all parameters", "", totalParams, totalNonzeros, 100 * modelSparsity()));
        return sb.toString();
    }

    private static String shape(int[] s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length; i++) sb.append(i > 0 ? "x" : "").append(s[i]);
        return sb.toString();
    }

    private static String fmt(double v) { return String.format(Locale.ROOT, "%.6f", v); }
}
