package dev.shears.nn.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a NumPy {@code .npy} array (NEP 1, "A Simple File Format for NumPy Arrays"): a Python
 * dict literal with exactly the keys {@code 'descr'}, {@code 'fortran_order'} and {@code 'shape'}.
 * Parsing accepts the literal subset NumPy writes (quoted strings, True/False, tuples of non-negative
 * integers, optional trailing commas) and nothing else, since NumPy itself reads it with
 * {@code ast.literal_eval} and no Shears user needs more.
 */
public record NpyHeader(String descr, boolean fortranOrder, int[] shape) {

    /** Product of the shape, or -1 if it exceeds {@link Integer#MAX_VALUE}. */
    public long numel() {
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > Integer.MAX_VALUE) return -1;
        }
        return n;
    }

    /** The header dict text as NumPy writes it, without padding. */
    public String toDictLiteral() {
        StringBuilder sb = new StringBuilder("{'descr': '").append(descr).append("', 'fortran_order': ")
                .append(fortranOrder ? "True" : "False").append(", 'shape': (");
        for (int i = 0; i < shape.length; i++) sb.append(i > 0 ? ", " : "").append(shape[i]);
        if (shape.length == 1) sb.append(',');
        return sb.append("), }").toString();
    }

    /** Parses the header dict. */
    public static NpyHeader parse(String text, String src) throws FileFormatException {
        Parser p = new Parser(text, src);
        Map<String, Object> dict = p.dict();
        p.skipSpaces();
        if (p.pos != text.length()) throw p.error("unexpected text after the header dict");
        if (dict.size() != 3 || !(dict.get("descr") instanceof String descr)
                || !(dict.get("fortran_order") instanceof Boolean fortran) || !(dict.get("shape") instanceof int[] shape)) {
            throw new FileFormatException(src + ": npy header must have exactly 'descr' (str), 'fortran_order' (bool) "
                    + "and 'shape' (tuple), got " + dict.keySet());
        }
        return new NpyHeader(descr, fortran, shape);
    }

    private static final class Parser {
        private final String s;
        private final String src;
        int pos;

        Parser(String s, String src) { this.s = s; this.src = src; }

        Map<String, Object> dict() throws FileFormatException {
            skipSpaces();
            expect('{');
            Map<String, Object> d = new LinkedHashMap<>();
            while (true) {
                skipSpaces();
                if (peek() == '}') { pos++; return d; }
                String key = string();
                skipSpaces();
                expect(':');
                skipSpaces();
                if (d.put(key, value()) != null) throw error("duplicate key '" + key + "'");
                skipSpaces();
                if (peek() == ',') pos++;
                else if (peek() != '}') throw error("expected ',' or '}'");
            }
        }

        Object value() throws FileFormatException {
            char c = peek();
            if (c == '\'' || c == '"') return string();
            if (c == '(') return tuple();
            if (s.startsWith("True", pos)) { pos += 4; return Boolean.TRUE; }
            if (s.startsWith("False", pos)) { pos += 5; return Boolean.FALSE; }
            throw error("unsupported value");
        }

        int[] tuple() throws FileFormatException {
            expect('(');
            List<Integer> dims = new ArrayList<>();
            boolean comma = false;
            while (true) {
                skipSpaces();
                if (peek() == ')') {
                    pos++;
                    if (dims.size() == 1 && !comma) throw error("(n) is not a tuple; NumPy writes (n,)");
                    return dims.stream().mapToInt(Integer::intValue).toArray();
                }
                int start = pos;
                while (peek() >= '0' && peek() <= '9') pos++;
                if (pos == start) throw error("expected a dimension");
                if (pos - start > 10) throw error("dimension too large");
                long v = Long.parseLong(s.substring(start, pos));
                if (v > Integer.MAX_VALUE) throw error("dimension " + v + " too large");
                dims.add((int) v);
                skipSpaces();
                comma = peek() == ',';
                if (comma) pos++;
                else if (peek() != ')') throw error("expected ',' or ')' in shape");
            }
        }

        String string() throws FileFormatException {
            char q = peek();
            if (q != '\'' && q != '"') throw error("expected a quoted string");
            int start = ++pos;
            while (pos < s.length() && s.charAt(pos) != q) {
                if (s.charAt(pos) == '\\') throw error("escapes are not supported in header strings");
                pos++;
            }
            if (pos >= s.length()) throw error("unterminated string");
            return s.substring(start, pos++);
        }

        void skipSpaces() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\n' || s.charAt(pos) == '\t' || s.charAt(pos) == '\r')) pos++;
        }

        char peek() { return pos < s.length() ? s.charAt(pos) : '\0'; }

        void expect(char c) throws FileFormatException {
            if (peek() != c) throw error("expected '" + c + "'");
            pos++;
        }

        FileFormatException error(String m) { return new FileFormatException(src + ": npy header at character " + pos + ": " + m); }
    }
}
