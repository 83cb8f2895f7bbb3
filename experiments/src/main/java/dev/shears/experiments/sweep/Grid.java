package dev.shears.experiments.sweep;

import dev.shears.nn.io.JsonFormatException;
import dev.shears.nn.io.JsonParser;
import dev.shears.nn.io.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A grid of runs read from JSON:
 * <pre>{
 *   "axes":  {"study": ["methods"], "method": ["magnitude", "halo"], "sparsity": [0.9, 0.95], "seed": [1, 2]},
 *   "fixed": {"model": "vgg-small", "profile": "quick"}
 * }</pre>
 * The runs are the cartesian product of the axes (each with the fixed parameters), in a fixed order: axes
 * sorted by name, the last axis varying fastest. Each run's id is its axis values, {@code key=value} joined
 * by commas with axes sorted by name, made file-name safe, so the same run has the same id in every shard
 * and after every restart.
 */
public final class Grid {

    /** One run: its id and all its parameters (axes then fixed), values as strings. */
    public record Run(String id, Map<String, String> params) {}

    private final List<Run> runs;

    private Grid(List<Run> runs) { this.runs = List.copyOf(runs); }

    public List<Run> runs() { return runs; }

    /** Parses a grid document. */
    public static Grid parse(String json) throws JsonFormatException {
        JsonValue.Obj root = JsonParser.parse(json).asObject("grid");
        TreeMap<String, List<String>> axes = new TreeMap<>();
        JsonValue axesV = root.require("axes", "grid");
        for (Map.Entry<String, JsonValue> e : axesV.asObject("grid.axes").members().entrySet()) {
            List<String> vals = new ArrayList<>();
            for (JsonValue v : e.getValue().asArray("grid.axes." + e.getKey()).elements()) vals.add(scalar(v, "grid.axes." + e.getKey()));
            if (vals.isEmpty()) throw new JsonFormatException("grid.axes." + e.getKey() + " is empty");
            if (!e.getKey().matches("[A-Za-z0-9_\\-]+")) throw new JsonFormatException("grid axis name '" + e.getKey() + "' must be [A-Za-z0-9_-]+");
            axes.put(e.getKey(), vals);
        }
        Map<String, String> fixed = new LinkedHashMap<>();
        JsonValue fixedV = root.get("fixed");
        if (fixedV != null) {
            for (Map.Entry<String, JsonValue> e : fixedV.asObject("grid.fixed").members().entrySet()) {
                if (axes.containsKey(e.getKey())) throw new JsonFormatException("'" + e.getKey() + "' is both an axis and fixed");
                fixed.put(e.getKey(), scalar(e.getValue(), "grid.fixed." + e.getKey()));
            }
        }
        List<String> names = new ArrayList<>(axes.keySet());
        long count = 1;
        for (List<String> v : axes.values()) count *= v.size();
        if (count > 1_000_000) throw new JsonFormatException("grid has " + count + " runs; at most 1,000,000");
        List<Run> runs = new ArrayList<>();
        int[] idx = new int[names.size()];
        for (long r = 0; r < count; r++) {
            Map<String, String> p = new LinkedHashMap<>();
            StringBuilder id = new StringBuilder();
            for (int a = 0; a < names.size(); a++) {
                String v = axes.get(names.get(a)).get(idx[a]);
                p.put(names.get(a), v);
                if (a > 0) id.append(',');
                id.append(names.get(a)).append('=').append(v);
            }
            p.putAll(fixed);
            runs.add(new Run(safe(id.toString()), p));
            for (int a = names.size() - 1; a >= 0; a--) {
                if (++idx[a] < axes.get(names.get(a)).size()) break;
                idx[a] = 0;
            }
        }
        return new Grid(runs);
    }

    private static String scalar(JsonValue v, String what) throws JsonFormatException {
        if (v instanceof JsonValue.Str s) return s.value();
        if (v instanceof JsonValue.Num n) return n.isLong() ? Long.toString(n.longValue()) : Double.toString(n.value());
        if (v instanceof JsonValue.Bool b) return Boolean.toString(b.value());
        throw new JsonFormatException(what + ": values must be strings, numbers or booleans");
    }

    /** Keeps letters, digits and {@code = , . _ -}; anything else becomes '_'. */
    static String safe(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) sb.append(Character.isLetterOrDigit(c) || "=,._-".indexOf(c) >= 0 ? c : '_');
        return sb.toString();
    }

    /** The runs of shard {@code index} of {@code count} (0-based): every run whose position ≡ index mod count. */
    public List<Run> shard(int index, int count) {
        if (count < 1 || index < 0 || index >= count) throw new IllegalArgumentException("shard " + index + "/" + count + " is invalid");
        List<Run> out = new ArrayList<>();
        for (int i = index; i < runs.size(); i += count) out.add(runs.get(i));
        return out;
    }

    /** Parses "i/n" (0-based i). */
    public static int[] parseShard(String s) {
        String[] parts = s.split("/");
        try {
            if (parts.length == 2) {
                int i = Integer.parseInt(parts[0].trim()), n = Integer.parseInt(parts[1].trim());
                if (n >= 1 && i >= 0 && i < n) return new int[] {i, n};
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw new IllegalArgumentException("--shard must be i/n with 0 <= i < n, got '" + s + "'");
    }
}
