package dev.shears.experiments.cli;

import dev.shears.nn.io.JsonWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** A JSON object built in insertion order: the one-line results the CLI prints (strings quoted by {@link JsonWriter}). */
public final class Json {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    /** Adds a field; values may be strings, numbers, booleans, null, or nested {@link Json}. */
    public Json put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (var e : fields.entrySet()) {
            if (!first) sb.append(',');
            first = false;
            quote(sb, e.getKey());
            sb.append(':');
            value(sb, e.getValue());
        }
        return sb.append('}').toString();
    }

    private static void value(StringBuilder sb, Object v) {
        if (v == null) sb.append("null");
        else if (v instanceof Double d && (d.isNaN() || d.isInfinite())) sb.append("null");
        else if (v instanceof Float f && (f.isNaN() || f.isInfinite())) sb.append("null");
        else if (v instanceof Number || v instanceof Boolean || v instanceof Json) sb.append(v);
        else quote(sb, v.toString());
    }

    private static void quote(StringBuilder sb, String s) { JsonWriter.quote(sb, s); }
}
