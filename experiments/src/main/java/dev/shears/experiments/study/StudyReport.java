package dev.shears.experiments.study;

import dev.shears.experiments.report.BarChart;
import dev.shears.experiments.report.HtmlReport;
import dev.shears.experiments.report.LineChart;
import dev.shears.nn.io.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The HTML report of merged study results: accuracy-versus-sparsity curves per regime (study 1) and per
 * method (study 2), per-layer sparsity bars, training cost, HALO λ histograms and mask-change traces, and
 * the tables. Rows that differ only in seed are averaged (the table says how many seeds).
 */
public final class StudyReport {

    private StudyReport() {}

    /** Keys that identify a configuration; rows equal on these (seed aside) are averaged. */
    private static final List<String> KEY = List.of("study", "setting", "network", "model", "regime", "granularity", "method", "sparsity", "target_size");

    /** Rows averaged over seeds: acc, dense_acc, train_seconds, steps, layers_sparsity; plus a "seeds" count. */
    public static List<Map<String, Object>> averaged(List<ResultFiles.Row> rows) {
        Map<String, List<ResultFiles.Row>> groups = new LinkedHashMap<>();
        for (ResultFiles.Row r : rows) {
            StringBuilder k = new StringBuilder();
            for (String f : KEY) k.append(r.fields().get(f)).append('|');
            groups.computeIfAbsent(k.toString(), x -> new ArrayList<>()).add(r);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (List<ResultFiles.Row> g : groups.values()) {
            Map<String, Object> m = new LinkedHashMap<>(g.get(0).fields());
            for (String f : List.of("acc", "dense_acc", "train_seconds", "layers_sparsity", "model_sparsity", "source_acc", "drop")) {
                double sum = 0;
                int n = 0;
                for (ResultFiles.Row r : g) if (r.fields().get(f) instanceof Number x) { sum += x.doubleValue(); n++; }
                if (n > 0) m.put(f, ResultTable.round(sum / n));
            }
            if (m.get("sparsity") instanceof Number s) m.put("sparsity", s.doubleValue());
            m.put("seeds", g.size());
            out.add(m);
        }
        return out;
    }

    /** Builds the page. */
    public static HtmlReport build(List<ResultFiles.Row> rows, List<ResultFiles.Trace> traces, String title) {
        HtmlReport h = new HtmlReport(title);
        h.heading(title, 1);
        List<Map<String, Object>> avg = averaged(rows);
        List<Map<String, Object>> methods = filter(avg, "methods"), pretrain = filter(avg, "pretrain-vs-scratch");
        h.paragraph(rows.size() + " result rows (" + avg.size() + " configurations after averaging over seeds).");
        if (!pretrain.isEmpty()) pretrainSection(h, pretrain, rows);
        if (!methods.isEmpty()) methodsSection(h, methods, rows);
        if (!traces.isEmpty()) traceSection(h, traces);
        return h;
    }

    static List<Map<String, Object>> filter(List<Map<String, Object>> rows, String study) {
        return rows.stream().filter(r -> study.equals(r.get("study"))).toList();
    }

    private static double num(Object o) { return o instanceof Number n ? n.doubleValue() : Double.NaN; }

    private static String pct(Object o) { return Double.isNaN(num(o)) ? "–" : String.format(Locale.ROOT, "%.2f", 100 * num(o)); }

    private static void pretrainSection(HtmlReport h, List<Map<String, Object>> rows, List<ResultFiles.Row> raw) {
        h.heading("Study 1 — pre-training vs scratch, then gradual magnitude pruning", 2);
        Map<String, List<Map<String, Object>>> panels = new LinkedHashMap<>();
        for (Map<String, Object> r : rows) panels.computeIfAbsent(r.get("setting") + ", " + r.get("network") + ", " + r.get("granularity"), k -> new ArrayList<>()).add(r);
        List<List<String>> table = new ArrayList<>();
        for (Map.Entry<String, List<Map<String, Object>>> p : panels.entrySet()) {
            LineChart c = new LineChart("Target accuracy vs sparsity: " + p.getKey(), "sparsity of pruned layers (%)", "top-1 test accuracy (%)");
            Map<String, List<Map<String, Object>>> regimes = new LinkedHashMap<>();
            for (Map<String, Object> r : p.getValue()) regimes.computeIfAbsent((String) r.get("regime"), k -> new ArrayList<>()).add(r);
            for (Map.Entry<String, List<Map<String, Object>>> g : regimes.entrySet()) {
                double[] x = g.getValue().stream().mapToDouble(r -> 100 * num(r.get("sparsity"))).toArray();
                double[] y = g.getValue().stream().mapToDouble(r -> 100 * num(r.get("acc"))).toArray();
                c.add(new LineChart.Series(g.getKey(), x, y));
                double dense = num(g.getValue().get(0).get("dense_acc"));
                table.add(List.of(p.getKey(), g.getKey(), pct(dense), String.format(Locale.ROOT, "%.0f%%", 100 * PretrainStudy.highestWithin(g.getValue(), 1.0)),
                        String.valueOf(g.getValue().get(0).get("seeds"))));
            }
            h.figure(c.toSvg(), "Accuracy after pruning each regime's dense model to each sparsity (0 = dense).");
        }
        h.table(List.of("setting, network, granularity", "regime", "dense acc (%)", "highest sparsity within 1 pt", "seeds"), table);
        h.table(List.of("setting", "network", "regime", "granularity", "sparsity", "acc (%)", "drop (pts)", "steps"), rows.stream()
                .map(r -> List.of(String.valueOf(r.get("setting")), String.valueOf(r.get("network")), String.valueOf(r.get("regime")),
                        String.valueOf(r.get("granularity")), pct(r.get("sparsity")), pct(r.get("acc")),
                        pct(num(r.get("dense_acc")) - num(r.get("acc"))), String.valueOf(r.get("steps")))).toList());
    }

    private static void methodsSection(HtmlReport h, List<Map<String, Object>> rows, List<ResultFiles.Row> raw) {
        h.heading("Study 2 — pruning methods at equal training budget", 2);
        Map<String, List<Map<String, Object>>> byMethod = new LinkedHashMap<>();
        for (Map<String, Object> r : rows) byMethod.computeIfAbsent((String) r.get("method"), k -> new ArrayList<>()).add(r);
        LineChart c = new LineChart("Accuracy vs sparsity by method", "target sparsity (%)", "top-1 test accuracy (%)");
        for (Map.Entry<String, List<Map<String, Object>>> e : byMethod.entrySet()) {
            c.add(new LineChart.Series(e.getKey(), e.getValue().stream().mapToDouble(r -> 100 * num(r.get("sparsity"))).toArray(),
                    e.getValue().stream().mapToDouble(r -> 100 * num(r.get("acc"))).toArray()));
        }
        h.figure(c.toSvg(), "Each point: one method pruned to one target (averaged over seeds).");
        List<String> methods = new ArrayList<>(byMethod.keySet());
        BarChart cost = new BarChart("Training cost per model", "method", "seconds", methods);
        cost.add(new BarChart.Series("train seconds", methods.stream().mapToDouble(m -> byMethod.get(m).stream().mapToDouble(r -> num(r.get("train_seconds"))).average().orElse(Double.NaN)).toArray()));
        h.figure(cost.toSvg(), "Wall seconds to train one model (the one-shot methods train once for all targets).");
        // per-layer sparsity at the highest target, one bar per method
        double top = rows.stream().mapToDouble(r -> num(r.get("sparsity"))).max().orElse(0);
        Set<String> layers = new LinkedHashSet<>();
        Map<String, Map<String, Double>> perMethod = new LinkedHashMap<>();
        for (ResultFiles.Row r : raw) {
            if (!"methods".equals(r.fields().get("study")) || num(r.fields().get("sparsity")) != top || r.layers().isEmpty()) continue;
            perMethod.putIfAbsent((String) r.fields().get("method"), r.layers());
            layers.addAll(r.layers().keySet());
        }
        if (!layers.isEmpty()) {
            List<String> names = new ArrayList<>(layers);
            BarChart b = new BarChart(String.format(Locale.ROOT, "Per-layer sparsity at %.0f%%", 100 * top), "layer", "sparsity (%)",
                    names.stream().map(StudyReport::shortName).toList());
            perMethod.forEach((m, l) -> b.add(new BarChart.Series(m, names.stream().mapToDouble(n -> 100 * l.getOrDefault(n, Double.NaN)).toArray())));
            h.figure(b.toSvg(), "Where each method put the zeros (fraction of each layer's weights that are zero).");
        }
        List<List<String>> t = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            t.add(List.of(String.valueOf(r.get("method")), pct(r.get("sparsity")), pct(r.get("dense_acc")), pct(r.get("acc")),
                    pct(r.get("layers_sparsity")), String.valueOf(r.get("train_seconds")), String.valueOf(r.get("steps")), String.valueOf(r.get("seeds"))));
        }
        h.table(List.of("method", "target (%)", "dense acc (%)", "acc (%)", "measured sparsity (%)", "train s", "steps", "seeds"), t);
    }

    /** "features.0.weight" → "features.0". */
    static String shortName(String weight) { return weight.endsWith(".weight") ? weight.substring(0, weight.length() - 7) : weight; }

    /** Series per chart, so that the legend stays readable. */
    private static final int SERIES_PER_CHART = 8;

    private static void traceSection(HtmlReport h, List<ResultFiles.Trace> traces) {
        h.heading("Pruning traces", 2);
        for (int from = 0; from < traces.size(); from += SERIES_PER_CHART) {
            List<ResultFiles.Trace> part = traces.subList(from, Math.min(traces.size(), from + SERIES_PER_CHART));
            String range = traces.size() > SERIES_PER_CHART ? String.format(Locale.ROOT, " (runs %d–%d of %d)", from + 1, from + part.size(), traces.size()) : "";
            List<String> names = part.stream().map(t -> t.file().getFileName().toString().replace(".jsonl", "")).toList();
            String prefix = commonPrefix(names);
            String of = prefix.isEmpty() ? "" : " of " + prefix.replaceAll("-$", "");
            LineChart sp = new LineChart("Mask sparsity during training" + of + range, "optimizer step", "masked weights (%)");
            LineChart changes = new LineChart("Mask changes between records" + of + range, "optimizer step", "net pruned (thousands)");
            boolean anyChange = false;
            for (ResultFiles.Trace t : part) {
                String full = t.file().getFileName().toString().replace(".jsonl", "");
                String name = full.substring(prefix.length()); // the legend keeps only what differs
                List<double[]> pts = new ArrayList<>(), ch = new ArrayList<>();
                JsonValue.Obj lastLambda = null;
                for (JsonValue.Obj rec : t.records()) {
                    if (!"step".equals(str(rec.get("kind")))) continue;
                    double step = numOf(rec.get("step"));
                    pts.add(new double[] {step, 100 * numOf(rec.get("sparsity"))});
                    double moved = 0;
                    if (rec.get("layers") instanceof JsonValue.Arr arr) {
                        for (JsonValue l : arr.elements()) if (l instanceof JsonValue.Obj lo) moved += numOf(lo.get("pruned")) - numOf(lo.get("regrown"));
                    }
                    ch.add(new double[] {step, moved / 1000});
                    anyChange |= moved != 0;
                    if (rec.get("lambda") instanceof JsonValue.Obj lam) lastLambda = lam;
                }
                sp.add(new LineChart.Series(name, pts.stream().mapToDouble(p -> p[0]).toArray(), pts.stream().mapToDouble(p -> p[1]).toArray()));
                changes.add(new LineChart.Series(name, ch.stream().mapToDouble(p -> p[0]).toArray(), ch.stream().mapToDouble(p -> p[1]).toArray()));
                if (lastLambda != null) lambdaHistogram(h, full, lastLambda);
            }
            h.figure(sp.toSvg(), "Fraction of masked weights over training for each traced run (the penalty methods mask only at the end).");
            if (anyChange) h.figure(changes.toSvg(), "Weights pruned minus weights regrown between consecutive trace records.");
        }
    }

    /** The longest common prefix of the names, cut after its last '-' so that no name is cut mid-word (empty for one name). */
    static String commonPrefix(List<String> names) {
        if (names.size() < 2) return "";
        String p = names.get(0);
        for (String n : names) while (!n.startsWith(p)) p = p.substring(0, p.length() - 1);
        int cut = p.lastIndexOf('-');
        return cut < 0 ? "" : p.substring(0, cut + 1);
    }

    private static void lambdaHistogram(HtmlReport h, String name, JsonValue.Obj lam) {
        if (!(lam.get("counts") instanceof JsonValue.Arr counts)) return;
        double lo = numOf(lam.get("min")), hi = numOf(lam.get("max"));
        int bins = counts.size();
        List<String> labels = new ArrayList<>();
        double[] v = new double[bins];
        double width = (hi - lo) / bins;
        int decimals = width > 0 ? Math.max(2, (int) Math.ceil(-Math.log10(width)) + 1) : 3; // enough digits to tell bins apart
        for (int b = 0; b < bins; b++) {
            labels.add(String.format(Locale.ROOT, "%." + decimals + "f", lo + (b + 0.5) * width));
            v[b] = counts.get(b) instanceof JsonValue.Num n && n.value() > 0 ? Math.log10(n.value()) : 0;
        }
        BarChart hist = new BarChart("HALO λ at the end of training (" + name + ")", "λ (bin centre)", "log10(weights)", labels);
        hist.add(new BarChart.Series("log10 count", v));
        h.figure(hist.toSvg(), "Distribution of the per-weight scales λ (log scale: most weights keep λ near its start); a small λ penalises its weight strongly.");
    }

    private static String str(JsonValue v) { return v instanceof JsonValue.Str s ? s.value() : null; }

    private static double numOf(JsonValue v) { return v instanceof JsonValue.Num n ? n.value() : Double.NaN; }
}
