package dev.shears.experiments.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** A flat JSON object written in insertion order: the one-line results the CLI prints. */
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

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
