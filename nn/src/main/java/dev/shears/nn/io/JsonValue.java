package dev.shears.nn.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed JSON value (RFC 8259). Objects keep their members in document order. The {@code as...} accessors
 * check the type and throw {@link JsonFormatException} naming {@code what} was expected, so format readers
 * can state "data_offsets of tensor 'w' must be an array" without type-switching by hand.
 */
public sealed interface JsonValue {

    /** A JSON object; member order is the document's (or insertion) order. */
    record Obj(Map<String, JsonValue> members) implements JsonValue {
        public Obj {
            members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }

        /** The member {@code key}, or null when absent. */
        public JsonValue get(String key) { return members.get(key); }

        /** The member {@code key}; throws when absent. */
        public JsonValue require(String key, String what) throws JsonFormatException {
            JsonValue v = members.get(key);
            if (v == null) throw new JsonFormatException(what + ": missing member \"" + key + "\"");
            return v;
        }
    }

    /** A JSON array. */
    record Arr(List<JsonValue> elements) implements JsonValue {
        public Arr {
            elements = List.copyOf(elements);
        }

        /** Number of elements. */
        public int size() { return elements.size(); }

        /** Element {@code i}. */
        public JsonValue get(int i) { return elements.get(i); }
    }

    /** A JSON string. */
    record Str(String value) implements JsonValue {}

    /**
     * A JSON number. {@code value} is the nearest double; when the literal is an integer that fits a long,
     * {@code isLong} is true and {@code longValue} is exact (byte offsets beyond 2^53 stay exact).
     */
    record Num(double value, long longValue, boolean isLong) implements JsonValue {
        /** An exact integer. */
        public static Num of(long v) { return new Num(v, v, true); }

        /** A finite double (NaN and infinities have no JSON form). */
        public static Num of(double v) {
            if (!Double.isFinite(v)) throw new IllegalArgumentException("JSON has no representation for " + v);
            return new Num(v, 0, false);
        }
    }

    /** true or false. */
    record Bool(boolean value) implements JsonValue {}

    /** null. */
    enum Null implements JsonValue { INSTANCE }

    /** This value as an object. */
    default Obj asObject(String what) throws JsonFormatException {
        if (this instanceof Obj o) return o;
        throw new JsonFormatException(what + " must be a JSON object, got " + kind());
    }

    /** This value as an array. */
    default Arr asArray(String what) throws JsonFormatException {
        if (this instanceof Arr a) return a;
        throw new JsonFormatException(what + " must be a JSON array, got " + kind());
    }

    /** This value as a string. */
    default String asString(String what) throws JsonFormatException {
        if (this instanceof Str s) return s.value();
        throw new JsonFormatException(what + " must be a JSON string, got " + kind());
    }

    /** This value as a double. */
    default double asDouble(String what) throws JsonFormatException {
        if (this instanceof Num n) return n.value();
        throw new JsonFormatException(what + " must be a JSON number, got " + kind());
    }

    /** This value as an exact integer (no fraction, no exponent, fits a long). */
    default long asLong(String what) throws JsonFormatException {
        if (this instanceof Num n && n.isLong()) return n.longValue();
        throw new JsonFormatException(what + " must be an integer, got " + kind());
    }

    /** This value as a boolean. */
    default boolean asBoolean(String what) throws JsonFormatException {
        if (this instanceof Bool b) return b.value();
        throw new JsonFormatException(what + " must be true or false, got " + kind());
    }

    /** "object", "array", "string", "number", "boolean" or "null". */
    default String kind() {
        if (this instanceof Obj) return "object";
        if (this instanceof Arr) return "array";
        if (this instanceof Str) return "string";
        if (this instanceof Num) return "number";
        if (this instanceof Bool) return "boolean";
        return "null";
    }
}
