package dev.shears.experiments.study;

import dev.shears.nn.io.JsonFormatException;
import dev.shears.nn.io.JsonParser;
import dev.shears.nn.io.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reading studies' results back: every {@code results.jsonl} under a directory (a study's {@code --out}, or
 * a sweep's {@code runs/<id>/} folders), and the pruning traces beside them.
 */
public final class ResultFiles {

    /** A result row: scalar fields (numbers as Long or Double) and the per-layer sparsities, if recorded. */
    public record Row(Map<String, Object> fields, Map<String, Double> layers, Path source) {}

    /** A trace file and its records. */
    public record Trace(Path file, List<JsonValue.Obj> records) {}

    private ResultFiles() {}

    /** Every {@code results.jsonl} file under {@code dir}, sorted by path. */
    public static List<Path> resultFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().equals("results.jsonl")).sorted().toList();
        }
    }

    /** All rows of all result files under {@code dir}. */
    public static List<Row> rows(Path dir) throws IOException {
        List<Row> out = new ArrayList<>();
        for (Path f : resultFiles(dir)) out.addAll(rowsOf(f));
        return out;
    }

    /** The rows of one {@code results.jsonl} file. */
    public static List<Row> rowsOf(Path f) throws IOException {
        List<Row> out = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            n++;
            if (line.isBlank()) continue;
            try {
                JsonValue.Obj o = JsonParser.parse(line).asObject(f + " line " + n);
                Map<String, Object> fields = new LinkedHashMap<>();
                Map<String, Double> layers = new LinkedHashMap<>();
                for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
                    if (e.getKey().equals("layers") && e.getValue() instanceof JsonValue.Obj lo) {
                        lo.members().forEach((k, v) -> { if (v instanceof JsonValue.Num num) layers.put(k, num.value()); });
                    } else {
                        fields.put(e.getKey(), scalar(e.getValue()));
                    }
                }
                out.add(new Row(fields, layers, f));
            } catch (JsonFormatException e) {
                throw new IOException(f + " line " + n + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static Object scalar(JsonValue v) {
        if (v instanceof JsonValue.Num n) return n.isLong() ? (Object) n.longValue() : (Object) n.value();
        if (v instanceof JsonValue.Str s) return s.value();
        if (v instanceof JsonValue.Bool b) return b.value();
        return null;
    }

    /** Every {@code *.jsonl} under a {@code traces} folder below {@code dir}. */
    public static List<Trace> traces(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals("traces")
                    && p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
        List<Trace> out = new ArrayList<>();
        for (Path f : files) {
            List<JsonValue.Obj> recs = new ArrayList<>();
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                try {
                    recs.add(JsonParser.parse(line).asObject("trace record"));
                } catch (JsonFormatException e) {
                    throw new IOException(f + ": " + e.getMessage(), e);
                }
            }
            out.add(new Trace(f, recs));
        }
        return out;
    }
}
