package dev.shears.nn.io;

import java.util.Map;

/**
 * Writes {@link JsonValue}s as compact RFC 8259 text: no whitespace, members in the object's order,
 * non-ASCII characters written as themselves (the text is meant to be encoded as UTF-8), control
 * characters escaped. Integers are written exactly; other numbers by {@link Double#toString(double)}, which round-trips.
 */
public final class JsonWriter {

    private JsonWriter() {}

    /** The compact JSON text of {@code v}. */
    public static String write(JsonValue v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v);
        return sb.toString();
    }

    /** Indented JSON text of {@code v} (two spaces per level, one member or element per line), for files people read. */
    public static String writePretty(JsonValue v) {
        StringBuilder sb = new StringBuilder();
        pretty(sb, v, 0);
        return sb.append('\n').toString();
    }

    private static void pretty(StringBuilder sb, JsonValue v, int depth) {
        if (v instanceof JsonValue.Obj o && !o.members().isEmpty()) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
                sb.append(first ? "\n" : ",\n").append("  ".repeat(depth + 1));
                first = false;
                quote(sb, e.getKey());
                sb.append(": ");
                pretty(sb, e.getValue(), depth + 1);
            }
            sb.append('\n').append("  ".repeat(depth)).append('}');
        } else if (v instanceof JsonValue.Arr a && a.size() > 0) {
            sb.append('[');
            for (int i = 0; i < a.size(); i++) {
                sb.append(i == 0 ? "\n" : ",\n").append("  ".repeat(depth + 1));
                pretty(sb, a.get(i), depth + 1);
            }
            sb.append('\n').append("  ".repeat(depth)).append(']');
        } else {
            write(sb, v);
        }
    }

    /** Appends the compact JSON text of {@code v} to {@code sb}. */
    public static void write(StringBuilder sb, JsonValue v) {
        if (v instanceof JsonValue.Obj o) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
                if (!first) sb.append(',');
                first = false;
                quote(sb, e.getKey());
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof JsonValue.Arr a) {
            sb.append('[');
            for (int i = 0; i < a.size(); i++) {
                if (i > 0) sb.append(',');
                write(sb, a.get(i));
            }
            sb.append(']');
        } else if (v instanceof JsonValue.Str s) {
            quote(sb, s.value());
        } else if (v instanceof JsonValue.Num n) {
            if (n.isLong()) sb.append(n.longValue());
            else if (Double.isFinite(n.value())) sb.append(n.value());
            else throw new IllegalArgumentException("JSON has no representation for " + n.value());
        } else if (v instanceof JsonValue.Bool b) {
            sb.append(b.value());
        } else {
            sb.append("null");
        }
    }

    /** Appends {@code s} as a quoted, escaped JSON string. */
    public static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
