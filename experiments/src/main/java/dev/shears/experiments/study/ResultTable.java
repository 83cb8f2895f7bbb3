package dev.shears.experiments.study;

import dev.shears.experiments.cli.Json;
import dev.shears.tensor.io.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A study's results as they arrive: each row is appended to {@code results.jsonl} at once (a long study
 * that is stopped keeps what it measured) and {@code results.csv} is rewritten with the scalar columns of
 * all rows so far (the union of the rows' keys, in first-seen order). Per-layer sparsities go only to the
 * JSON lines, under {@code "layers"}.
 */
public final class ResultTable {

    private final Path dir;
    private final List<Map<String, Object>> rows = new ArrayList<>();

    /** A fresh table: an earlier {@code results.jsonl} in {@code dir} is deleted. */
    public ResultTable(Path dir) throws IOException {
        this(dir, false);
    }

    /**
     * With {@code resume}, the rows of an earlier {@code results.jsonl} in {@code dir} are kept and read back
     * (see {@link #has}); a last line without its newline, left by a process killed while appending, is
     * dropped. Without it, the earlier file is deleted.
     */
    public ResultTable(Path dir, boolean resume) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        Path file = dir.resolve("results.jsonl");
        if (!resume) {
            Files.deleteIfExists(file);
            return;
        }
        if (!Files.exists(file)) return;
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            String kept = text.substring(0, text.lastIndexOf('\n') + 1);
            System.err.println("resume: dropping the incomplete last line of " + file);
            AtomicFile.write(file, kept.getBytes(StandardCharsets.UTF_8));
        }
        for (ResultFiles.Row r : ResultFiles.rowsOf(file)) rows.add(r.fields());
    }

    /**
     * Whether a row matches every entry of {@code key} (numbers compared by value, so a sparsity read back
     * as {@code 0.5} matches {@code 0.5}, and a seed read back as a long matches an int).
     */
    public boolean has(Map<String, Object> key) {
        for (Map<String, Object> r : rows) {
            boolean all = true;
            for (Map.Entry<String, Object> e : key.entrySet()) {
                Object v = r.get(e.getKey()), w = e.getValue();
                boolean same = v instanceof Number a && w instanceof Number b ? a.doubleValue() == b.doubleValue() : java.util.Objects.equals(v, w);
                if (!same) {
                    all = false;
                    break;
                }
            }
            if (all) return true;
        }
        return false;
    }

    /** The scalar fields of the rows so far. */
    public List<Map<String, Object>> rows() { return rows; }

    /** Adds a row; {@code layers} (may be null) is the per-layer sparsity object. */
    public void add(Map<String, Object> row, Json layers) throws IOException {
        rows.add(new LinkedHashMap<>(row));
        Json j = new Json();
        row.forEach(j::put);
        if (layers != null) j.put("layers", layers);
        Files.writeString(dir.resolve("results.jsonl"), j + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        AtomicFile.write(dir.resolve("results.csv"), toCsv(rows).getBytes(StandardCharsets.UTF_8));
        System.out.println(j);
    }

    /** CSV of rows with the union of their keys as header; missing values are empty. */
    public static String toCsv(List<Map<String, Object>> rows) {
        Set<String> cols = new LinkedHashSet<>();
        for (Map<String, Object> r : rows) cols.addAll(r.keySet());
        StringBuilder sb = new StringBuilder(String.join(",", cols)).append('\n');
        for (Map<String, Object> r : rows) {
            boolean first = true;
            for (String c : cols) {
                if (!first) sb.append(',');
                first = false;
                sb.append(cell(r.get(c)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String cell(Object v) {
        if (v == null) return "";
        if (v instanceof Double d) return Double.isFinite(d) ? String.format(Locale.ROOT, "%.6g", d) : "";
        String s = v.toString();
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /** Writes {@code summary.md}. */
    public void writeSummary(String markdown) throws IOException {
        AtomicFile.write(dir.resolve("summary.md"), markdown.getBytes(StandardCharsets.UTF_8));
    }

    /** Per-layer sparsity of a run as a JSON object (layer name → sparsity). */
    public static Json layers(RunResult r) {
        Json j = new Json();
        r.report().rows().forEach(row -> j.put(row.name(), round(row.sparsity())));
        return j;
    }

    /** Rounds to 5 decimals for output. */
    public static double round(double v) { return Math.round(v * 1e5) / 1e5; }
}
