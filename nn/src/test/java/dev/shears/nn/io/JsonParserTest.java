package dev.shears.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.tensor.random.Rng;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonParserTest {

    @Test
    void parsesEveryKindOfValue() throws Exception {
        JsonValue.Obj o = JsonParser.parse(" {\"a\": [1, -2.5e3, true, false, null], \"b\\u00e9\\n\": \"x\\\"\\ud83d\\ude00\"}\r\n")
                .asObject("root");
        JsonValue.Arr a = o.get("a").asArray("a");
        assertEquals(1, a.get(0).asLong("a0"));
        assertEquals(-2500.0, a.get(1).asDouble("a1"));
        assertTrue(a.get(2).asBoolean("a2"));
        assertEquals(JsonValue.Null.INSTANCE, a.get(4));
        assertEquals("x\"\uD83D\uDE00", o.get("b\u00e9\n").asString("b"));
        assertEquals(Long.MAX_VALUE, JsonParser.parse("9223372036854775807").asLong("max"));
        assertEquals(1e19, JsonParser.parse("10000000000000000000").asDouble("big"));
    }

    @Test
    void rejectsWhatRfc8259Forbids() {
        String[] bad = {"", " ", "{", "[1,]", "{\"a\":1,}", "01", "-", "1.", ".5", "1e", "+1", "NaN", "Infinity", "'a'",
                "\"\\x\"", "\"a\tb\"", "\"\\ud800\"", "\"\\udc00\"", "[1 2]", "{\"a\" 1}", "{1:2}", "tru", "nul", "1 2",
                "{\"a\":1,\"a\":2}", "\"abc", "[\"\\u12\"]", "1e400", "/*c*/1", "\u00a01"};
        for (String s : bad) assertThrows(JsonFormatException.class, () -> JsonParser.parse(s), () -> "accepted: " + s);
        assertThrows(JsonFormatException.class, () -> JsonParser.parse("[".repeat(JsonParser.MAX_DEPTH + 1) + "]".repeat(JsonParser.MAX_DEPTH + 1)));
        assertThrows(JsonFormatException.class, () -> JsonParser.parse(new byte[] {'"', (byte) 0xC3, '"'}, 0, 3));
    }

    @Test
    void writeThenParseIsIdentity() {
        // Property: for any value tree, parse(write(v)) and parse(writePretty(v)) equal v.
        qt().withExamples(300).forAll(longs().all()).checkAssert(seed -> {
            JsonValue v = random(new Rng(seed), 0);
            try {
                assertEquals(v, JsonParser.parse(JsonWriter.write(v)));
                assertEquals(v, JsonParser.parse(JsonWriter.writePretty(v)));
            } catch (JsonFormatException e) {
                throw new AssertionError(JsonWriter.write(v), e);
            }
        });
    }

    @Test
    void numbersEqualDoubleParseDouble() {
        // Property: for any decimal literal, the parsed value is bit-identical to Double.parseDouble's
        // (exercises both the short fast path and the general fallback).
        qt().withExamples(3000).forAll(longs().all()).checkAssert(seed -> {
            Rng r = new Rng(seed);
            StringBuilder sb = new StringBuilder(r.nextInt(2) == 0 ? "-" : "");
            int intDigits = 1 + r.nextInt(20);
            sb.append(1 + r.nextInt(9));
            for (int i = 1; i < intDigits; i++) sb.append(r.nextInt(10));
            if (r.nextInt(2) == 0 || intDigits > 18) {
                sb.append('.');
                for (int i = 1 + r.nextInt(20); i > 0; i--) sb.append(r.nextInt(10));
            }
            if (r.nextInt(3) == 0) sb.append(r.nextInt(2) == 0 ? "e" : "E-").append(r.nextInt(40));
            String lit = sb.toString();
            try {
                assertEquals(Double.doubleToLongBits(Double.parseDouble(lit)), Double.doubleToLongBits(JsonParser.parse(lit).asDouble("n")), lit);
            } catch (JsonFormatException e) {
                throw new AssertionError(lit, e);
            }
        });
    }

    @Test
    void everyStrictPrefixOfADocumentIsRejected() {
        String doc = JsonWriter.write(random(new Rng(7), 0)) ;
        String full = "{\"k\":[1,2.5,\"s\\n\",{\"x\":null,\"y\":true}],\"z\":" + doc + "}";
        for (int i = 0; i < full.length(); i++) {
            String p = full.substring(0, i);
            assertThrows(JsonFormatException.class, () -> JsonParser.parse(p), () -> "accepted prefix " + p);
        }
    }

    private static JsonValue random(Rng r, int depth) {
        int kind = r.nextInt(depth > 3 ? 5 : 7);
        return switch (kind) {
            case 0 -> JsonValue.Num.of(r.nextLong() >> r.nextInt(64));
            case 1 -> JsonValue.Num.of((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(40) - 20));
            case 2 -> new JsonValue.Str(randomString(r));
            case 3 -> new JsonValue.Bool(r.nextInt(2) == 0);
            case 4 -> JsonValue.Null.INSTANCE;
            case 5 -> {
                List<JsonValue> l = new ArrayList<>();
                for (int i = r.nextInt(5); i > 0; i--) l.add(random(r, depth + 1));
                yield new JsonValue.Arr(l);
            }
            default -> {
                Map<String, JsonValue> m = new LinkedHashMap<>();
                for (int i = r.nextInt(5); i > 0; i--) m.put(randomString(r), random(r, depth + 1));
                yield new JsonValue.Obj(m);
            }
        };
    }

    private static String randomString(Rng r) {
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(8); i > 0; i--) {
            int c = switch (r.nextInt(4)) {
                case 0 -> r.nextInt(0x20);
                case 1 -> 0x20 + r.nextInt(0x5f);
                case 2 -> 0xA0 + r.nextInt(0xD000);
                default -> 0x1F600 + r.nextInt(80);
            };
            sb.appendCodePoint(c);
        }
        return sb.toString();
    }
}
