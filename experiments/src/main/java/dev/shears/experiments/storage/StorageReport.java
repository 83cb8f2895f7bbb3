package dev.shears.experiments.storage;

import dev.shears.experiments.cli.Json;
import dev.shears.experiments.report.BarChart;
import dev.shears.experiments.report.HtmlReport;
import dev.shears.tensor.io.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Writes a storage study's results into a directory: {@code results.csv} (ψ per layer, format, quantizer and
 * sparsity, totals included), {@code accuracy.csv}, {@code timing.csv}, {@code results.json} (all three),
 * {@code psi_layers.md} (per-layer ψ tables), {@code summary.md} and {@code report.html} (tables and ψ bar
 * charts).
 */
public final class StorageReport {

    private final StoragePlan plan;
    private final StorageStudy.Results r;
    private final String dataDescription;
    private final double seconds;

    public StorageReport(StoragePlan plan, StorageStudy.Results results, String dataDescription, double seconds) {
        this.plan = plan;
        this.r = results;
        this.dataDescription = dataDescription;
        this.seconds = seconds;
    }

    /** Writes every file into {@code dir} (created if needed). */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        write(dir.resolve("results.csv"), psiCsv());
        write(dir.resolve("accuracy.csv"), accuracyCsv());
        write(dir.resolve("timing.csv"), timingCsv());
        write(dir.resolve("results.json"), json());
        write(dir.resolve("psi_layers.md"), layerTables());
        write(dir.resolve("summary.md"), summary());
        html().write(dir.resolve("report.html"));
    }

    private static void write(Path file, String text) throws IOException {
        AtomicFile.write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    String psiCsv() {
        StringBuilder sb = new StringBuilder("sparsity,quantizer,format,layer,rows,cols,nonzeros,bytes,dense_bytes,psi\n");
        for (StorageRows.Psi p : r.psi()) {
            sb.append(f("%s,%s,%s,%s,%d,%d,%d,%d,%d,%.6f%n", num(p.sparsity()), p.quantizer(), p.format(), p.layer(), p.rows(), p.cols(),
                    p.nonzeros(), p.bytes(), p.denseBytes(), p.psi()));
        }
        return sb.toString();
    }

    String accuracyCsv() {
        StringBuilder sb = new StringBuilder("sparsity,quantizer,stage,top1,loss\n");
        for (StorageRows.Accuracy a : r.accuracy()) {
            sb.append(f("%s,%s,%s,%.6f,%.6f%n", num(a.sparsity()), a.quantizer(), a.stage(), a.top1(), a.loss()));
        }
        return sb.toString();
    }

    String timingCsv() {
        StringBuilder sb = new StringBuilder("sparsity,quantizer,format,layer,rows,cols,batch,micros,dense_micros,speedup\n");
        for (StorageRows.Timing t : r.timing()) {
            sb.append(f("%s,%s,%s,%s,%d,%d,%d,%.2f,%.2f,%.4f%n", num(t.sparsity()), t.quantizer(), t.format(), t.layer(), t.rows(), t.cols(),
                    t.batch(), t.micros(), t.denseMicros(), t.speedup()));
        }
        return sb.toString();
    }

    String json() {
        List<String> acc = new ArrayList<>(), psi = new ArrayList<>(), tim = new ArrayList<>();
        for (StorageRows.Accuracy a : r.accuracy()) {
            acc.add(new Json().put("sparsity", a.sparsity()).put("quantizer", a.quantizer()).put("stage", a.stage())
                    .put("top1", a.top1()).put("loss", a.loss()).toString());
        }
        for (StorageRows.Psi p : r.psi()) {
            psi.add(new Json().put("sparsity", p.sparsity()).put("quantizer", p.quantizer()).put("format", p.format()).put("layer", p.layer())
                    .put("rows", p.rows()).put("cols", p.cols()).put("nonzeros", p.nonzeros()).put("bytes", p.bytes())
                    .put("dense_bytes", p.denseBytes()).put("psi", p.psi()).toString());
        }
        for (StorageRows.Timing t : r.timing()) {
            tim.add(new Json().put("sparsity", t.sparsity()).put("quantizer", t.quantizer()).put("format", t.format()).put("layer", t.layer())
                    .put("rows", t.rows()).put("cols", t.cols()).put("batch", t.batch()).put("micros", t.micros())
                    .put("dense_micros", t.denseMicros()).put("speedup", t.speedup()).toString());
        }
        Json head = new Json().put("model", plan.model()).put("levels", plan.levels()).put("data", dataDescription)
                .put("seconds", Math.round(seconds));
        return "{\"study\":\"storage\",\"plan\":" + head + ",\n\"accuracy\":[\n" + String.join(",\n", acc) + "],\n\"psi\":[\n"
                + String.join(",\n", psi) + "],\n\"timing\":[\n" + String.join(",\n", tim) + "]}\n";
    }

    /** Per (sparsity, quantizer): one row per weight tensor and the two totals, one column per format. */
    String layerTables() {
        StringBuilder sb = new StringBuilder("# ψ per layer\n\nψ = encoded bytes / dense float32 bytes (exact payload sizes).\n");
        for (double s : sparsities()) {
            for (String q : quantizers(s)) {
                List<String> formats = distinct(p -> p.sparsity() == s && p.quantizer().equals(q), StorageRows.Psi::format);
                List<String> layers = distinct(p -> p.sparsity() == s && p.quantizer().equals(q), StorageRows.Psi::layer);
                sb.append(f("%n## sparsity %.0f%%, quantizer %s%n%n| layer | shape | nonzeros |", 100 * s, q));
                for (String fm : formats) sb.append(' ').append(fm).append(" |");
                sb.append("\n|---|---|---:|").append("---:|".repeat(formats.size())).append('\n');
                for (String l : layers) {
                    StorageRows.Psi any = find(s, q, formats.get(0), l).orElseThrow();
                    sb.append(f("| %s | %s | %,d |", l, any.isTotal() ? "" : any.rows() + "×" + any.cols(), any.nonzeros()));
                    for (String fm : formats) sb.append(f(" %.4f |", find(s, q, fm, l).map(StorageRows.Psi::psi).orElse(Double.NaN)));
                    sb.append('\n');
                }
            }
        }
        return sb.toString();
    }

    String summary() {
        StringBuilder sb = new StringBuilder("# Study 3: compact storage (Marinò et al.)\n\n");
        sb.append(f("Model %s; data: %s; k = %d; %d s in all.%n%n", plan.model(), dataDescription, plan.levels(), Math.round(seconds)));
        sb.append(f("Dense %d epochs (batch %d, one-cycle peak %s); gradual magnitude pruning over %d epochs (peak %s); centroid fine-tuning %d epoch(s) (centroid lr %s, momentum %s).%n%n",
                plan.denseEpochs(), plan.batch(), num(plan.lr()), plan.pruneEpochs(), num(plan.pruneLr()), plan.fineTuneEpochs(),
                num(plan.centroidLr()), num(plan.centroidMomentum())));
        sb.append("## Test top-1 (test loss)\n\n| sparsity | quantizer | pruned / quantized | centroids fine-tuned |\n|---:|---|---:|---:|\n");
        r.accuracy().stream().filter(a -> a.stage().equals("dense"))
                .forEach(a -> sb.append(f("| 0%% | dense | %.2f%% (%.4f) | |%n", 100 * a.top1(), a.loss())));
        for (double s : sparsities()) {
            for (String q : quantizers(s)) {
                String first = q.equals("none") ? "pruned" : "quantized";
                sb.append(f("| %.0f%% | %s | %s | %s |%n", 100 * s, q, accuracy(s, q, first), accuracy(s, q, "fine-tuned")));
            }
        }
        for (String total : List.of(StorageRows.Psi.WEIGHTS, StorageRows.Psi.STATE_DICT)) {
            sb.append(f("%n## ψ, %s%n%n", total.equals(StorageRows.Psi.WEIGHTS) ? "weights only" : "whole state dict (biases and batch norm dense)"));
            List<String> formats = distinct(p -> true, StorageRows.Psi::format);
            sb.append("| sparsity | quantizer |");
            for (String fm : formats) sb.append(' ').append(fm).append(" |");
            sb.append("\n|---:|---|").append("---:|".repeat(formats.size())).append('\n');
            for (double s : sparsities()) {
                for (String q : quantizers(s)) {
                    sb.append(f("| %.0f%% | %s |", 100 * s, q));
                    for (String fm : formats) sb.append(f(" %.4f |", find(s, q, fm, total).map(StorageRows.Psi::psi).orElse(Double.NaN)));
                    sb.append('\n');
                }
            }
        }
        if (!r.timing().isEmpty()) {
            sb.append("\n## y = x·Wᵀ on the compressed form (CWS weights), median µs, and dense µs / compressed µs\n\n");
            sb.append("| sparsity | layer | batch | format | µs | dense µs | speed-up |\n|---:|---|---:|---|---:|---:|---:|\n");
            for (StorageRows.Timing t : r.timing()) {
                sb.append(f("| %.0f%% | %s (%d×%d) | %d | %s | %.0f | %.0f | %.2f |%n", 100 * t.sparsity(), t.layer(), t.rows(), t.cols(),
                        t.batch(), t.format(), t.micros(), t.denseMicros(), t.speedup()));
            }
        }
        sb.append("\nPer-layer ψ: psi_layers.md. Raw rows: results.csv (ψ), accuracy.csv, timing.csv, results.json.\n");
        return sb.toString();
    }

    HtmlReport html() {
        HtmlReport h = new HtmlReport("Shears study 3: compact storage of " + plan.model());
        h.paragraph(f("Data: %s. Codebook size k = %d. ψ = encoded bytes / dense float32 bytes, exact payload sizes. %d s in all.",
                dataDescription, plan.levels(), Math.round(seconds)));
        List<List<String>> cells = new ArrayList<>();
        for (StorageRows.Accuracy a : r.accuracy()) {
            cells.add(List.of(f("%.0f%%", 100 * a.sparsity()), a.quantizer(), a.stage(), pct(a.top1()), f("%.4f", a.loss())));
        }
        h.heading("Test accuracy", 2).table(List.of("sparsity", "quantizer", "stage", "top-1", "loss"), cells);
        for (double s : sparsities()) {
            List<String> quants = quantizers(s);
            List<String> formats = distinct(p -> p.sparsity() == s, StorageRows.Psi::format);
            h.heading(f("Sparsity %.0f%%", 100 * s), 2);
            for (String total : List.of(StorageRows.Psi.WEIGHTS, StorageRows.Psi.STATE_DICT)) {
                BarChart c = new BarChart(f("ψ %s, %.0f%% sparsity", total, 100 * s), "format", "ψ", formats);
                for (String q : quants) {
                    c.add(new BarChart.Series(q, formats.stream().mapToDouble(fm -> find(s, q, fm, total).map(StorageRows.Psi::psi).orElse(0.0)).toArray()));
                }
                h.figure(c.toSvg(), "ψ of " + total + " per format and quantizer (dense = 1).");
            }
            String q = quants.contains("cws") ? "cws" : quants.get(quants.size() - 1);
            List<String> layers = distinct(p -> p.sparsity() == s && p.quantizer().equals(q) && !p.isTotal(), StorageRows.Psi::layer);
            // per layer, a mixed setting is one of its parts: chart the single formats only
            List<String> compressed = formats.stream().filter(fm -> !fm.equals("dense") && !fm.contains("+")).toList();
            BarChart perLayer = new BarChart(f("ψ per layer, %s, %.0f%% sparsity", q, 100 * s), "layer", "ψ",
                    layers.stream().map(l -> l.endsWith(".weight") ? l.substring(0, l.length() - ".weight".length()) : l).toList());
            for (String fm : compressed) {
                perLayer.add(new BarChart.Series(fm, layers.stream().mapToDouble(l -> find(s, q, fm, l).map(StorageRows.Psi::psi).orElse(0.0)).toArray()));
            }
            h.figure(perLayer.toSvg(), "ψ of each weight tensor in each compressed format (" + q + " weights).");
            List<List<String>> rows = new ArrayList<>();
            for (String l : layers) {
                List<String> row = new ArrayList<>(List.of(l));
                for (String fm : formats) row.add(f("%.4f", find(s, q, fm, l).map(StorageRows.Psi::psi).orElse(Double.NaN)));
                rows.add(row);
            }
            for (String total : List.of(StorageRows.Psi.WEIGHTS, StorageRows.Psi.STATE_DICT)) {
                List<String> row = new ArrayList<>(List.of(total));
                for (String fm : formats) row.add(f("%.4f", find(s, q, fm, total).map(StorageRows.Psi::psi).orElse(Double.NaN)));
                rows.add(row);
            }
            List<String> header = new ArrayList<>(List.of("layer (" + q + ")"));
            header.addAll(formats);
            h.table(header, rows);
            List<StorageRows.Timing> ts = r.timing().stream().filter(t -> t.sparsity() == s).toList();
            for (String layer : ts.stream().map(StorageRows.Timing::layer).distinct().toList()) {
                List<String> fms = ts.stream().filter(t -> t.layer().equals(layer)).map(StorageRows.Timing::format).distinct().toList();
                BarChart tc = new BarChart("Speed-up of y = x·Wᵀ over dense, " + layer, "format", "dense time / time", fms);
                for (int b : plan.timingBatches()) {
                    tc.add(new BarChart.Series("batch " + b, fms.stream().mapToDouble(fm -> ts.stream()
                            .filter(t -> t.layer().equals(layer) && t.format().equals(fm) && t.batch() == b)
                            .mapToDouble(StorageRows.Timing::speedup).findFirst().orElse(0)).toArray()));
                }
                h.figure(tc.toSvg(), "Multiply on the compressed form vs the dense float32 product (median of " + plan.timingRuns() + " runs).");
            }
        }
        return h;
    }

    private List<Double> sparsities() {
        return new ArrayList<>(new LinkedHashSet<>(r.psi().stream().map(StorageRows.Psi::sparsity).toList()));
    }

    private List<String> quantizers(double s) {
        return distinct(p -> p.sparsity() == s, StorageRows.Psi::quantizer);
    }

    private List<String> distinct(Predicate<StorageRows.Psi> keep, java.util.function.Function<StorageRows.Psi, String> key) {
        return new ArrayList<>(new LinkedHashSet<>(r.psi().stream().filter(keep).map(key).toList()));
    }

    private Optional<StorageRows.Psi> find(double s, String q, String format, String layer) {
        return r.psi().stream().filter(p -> p.sparsity() == s && p.quantizer().equals(q) && p.format().equals(format) && p.layer().equals(layer))
                .findFirst();
    }

    private String accuracy(double s, String q, String stage) {
        return r.accuracy().stream().filter(a -> a.sparsity() == s && a.quantizer().equals(q) && a.stage().equals(stage))
                .map(a -> f("%.2f%% (%.4f)", 100 * a.top1(), a.loss())).findFirst().orElse("-");
    }

    private static String pct(double v) { return Double.isNaN(v) ? "-" : f("%.2f%%", 100 * v); }

    private static String num(double v) { return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v); }

    private static String f(String fmt, Object... args) { return String.format(Locale.ROOT, fmt, args); }
}
