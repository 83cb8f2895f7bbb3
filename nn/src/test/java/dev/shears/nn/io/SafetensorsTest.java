package dev.shears.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

    @TempDir Path dir;

    private static Map<String, Tensor> randomTensors(Rng r) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int k = r.nextInt(5); k >= 0; k--) {
            int rank = r.nextInt(4);
            int[] shape = new int[rank];
            for (int i = 0; i < rank; i++) shape[i] = r.nextInt(4);
            String name = switch (r.nextInt(3)) {
                case 0 -> "layer" + r.nextInt(20) + ".weight";
                case 1 -> "b" + r.nextInt(100);
                default -> "é" + r.nextInt(10) + "\"q";
            };
            m.put(name, Tensor.normal(r, 0, 1, shape));
        }
        return m;
    }

    @Test
    void writeThenReadGivesTheSameTensorsAndMetadata() {
        // Property: read(write(tensors, meta)) returns the same tensors bit for bit, in name order, and meta.
        qt().withExamples(25).forAll(longs().all()).checkAssert(seed -> {
            Rng r = new Rng(seed);
            Map<String, Tensor> in = randomTensors(r);
            Map<String, String> meta = Map.of("format", "pt", "epoch", Integer.toString(r.nextInt(100)));
            try {
                Path f = dir.resolve("w.safetensors");
                Safetensors.write(f, in, meta);
                Safetensors.Contents out = Safetensors.read(f);
                assertEquals(new java.util.TreeSet<>(in.keySet()).stream().toList(), new ArrayList<>(out.tensors().keySet()));
                for (var e : in.entrySet()) assertTrue(e.getValue().bitwiseEquals(out.tensors().get(e.getKey())), e.getKey());
                assertEquals("pt", out.metadata().get("format"));
                assertEquals(meta.get("epoch"), out.metadata().get("epoch"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void writtenFileFollowsTheSpecAccordingToAnIndependentParser() throws IOException {
        Rng r = new Rng(11);
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("z.bias", Tensor.normal(r, 0, 1, 3));
        in.put("a.weight", Tensor.normal(r, 0, 1, 2, 3));
        in.put("m", Tensor.scalar(4.5f));
        Path f = dir.resolve("spec.safetensors");
        Safetensors.write(f, in, Map.of("k", "v"));
        byte[] b = Files.readAllBytes(f);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long n = bb.getLong(0);
        assertEquals(0, n % 8, "header padded to a multiple of 8");
        String header = new String(b, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{"));
        @SuppressWarnings("unchecked")
        Map<String, Object> h = (Map<String, Object>) SpecJson.parse(header);
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = (Map<String, Object>) h.get("__metadata__");
        assertEquals("v", meta.get("k"));
        int dataStart = 8 + (int) n;
        List<String> order = new ArrayList<>();
        long expectedBegin = 0;
        // The tensors must be laid out in name order, contiguously.
        for (String name : List.of("a.weight", "m", "z.bias")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> e = (Map<String, Object>) h.get(name);
            assertEquals("F32", e.get("dtype"));
            List<?> shape = (List<?>) e.get("shape");
            assertArrayEquals(in.get(name).shape(), shape.stream().mapToInt(x -> ((Long) x).intValue()).toArray());
            List<?> offs = (List<?>) e.get("data_offsets");
            long begin = (Long) offs.get(0), end = (Long) offs.get(1);
            assertEquals(expectedBegin, begin);
            assertEquals(4L * in.get(name).numel(), end - begin);
            float[] want = in.get(name).toArray();
            for (int i = 0; i < want.length; i++) assertEquals(want[i], bb.getFloat(dataStart + (int) begin + 4 * i));
            expectedBegin = end;
            order.add(name);
        }
        assertEquals(b.length - dataStart, expectedBegin, "buffer holds exactly the tensors");
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(b, dataStart, b.length - dataStart);
        assertEquals(String.format("%08x", crc.getValue()), meta.get(Safetensors.CHECKSUM_KEY));
    }

    @Test
    void readsTheFixtureWrittenByPython() throws IOException {
        Safetensors.Contents c = Safetensors.read(TestResources.file("io/fixture.safetensors"));
        Map<String, Tensor> t = c.tensors();
        assertEquals(List.of("bf16", "f16", "f32", "f64", "i32", "i64"), new ArrayList<>(t.keySet()));
        // tools/make_io_fixtures.py: f32 = arange(24).reshape(2,3,4) * 0.25 - 3 (exact in every float type)
        float[] ramp = new float[24];
        for (int i = 0; i < 24; i++) ramp[i] = i * 0.25f - 3f;
        assertArrayEquals(new int[] {2, 3, 4}, t.get("f32").shape());
        assertArrayEquals(ramp, t.get("f32").toArray());
        assertArrayEquals(ramp, t.get("f16").toArray());
        assertArrayEquals(ramp, t.get("bf16").toArray());
        assertArrayEquals(ramp, t.get("f64").toArray());
        float[] ints = {-5, 0, 7, 1 << 20, -(1 << 20)};
        assertArrayEquals(ints, t.get("i32").toArray());
        assertArrayEquals(ints, t.get("i64").toArray());
        assertEquals("python", c.metadata().get("writer"));
    }

    @Test
    void halfFloatDecodingMatchesTheIeeeDefinition() {
        // Property: for all 65536 bit patterns, value = (-1)^s * 2^(e-15) * (1 + m/1024) (normal) or 2^-14 * m/1024.
        for (int h = 0; h < 65536; h++) {
            int s = h >>> 15, e = (h >>> 10) & 31, m = h & 1023;
            float got = SafetensorsDtype.halfToFloat(h);
            double want = e == 31 ? (m == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                    : e == 0 ? Math.scalb(m / 1024.0, -14) : Math.scalb(1 + m / 1024.0, e - 15);
            if (s == 1) want = -want;
            if (Double.isNaN(want)) assertTrue(Float.isNaN(got));
            else assertEquals((float) want, got, 0f, "bits " + h);
        }
    }

    @Test
    void rejectsMalformedHeaders() throws IOException {
        String ok = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        expectRejected(ok.replace("F32", "F99"), 8, "unsupported dtype");
        expectRejected(ok.replace("[2]", "[3]"), 8, "need 12");
        expectRejected(ok, 12, "cover 8");
        expectRejected(ok, 4, "beyond");
        expectRejected(ok.replace("[0,8]", "[4,12]"), 12, "gap");
        expectRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "overlaps");
        expectRejected(ok.replace("}}", "},}"), 8, "bad header");
        expectRejected(ok.replace("\"shape\"", "\"extra\":1,\"shape\""), 8, "unknown field");
        expectRejected(ok.replace("[2]", "[-2]"), 8, "invalid dimension");
        expectRejected("[" + ok + "]", 8, "start with '{'");
        expectRejected("{\"__metadata__\":{\"k\":1}}", 0, "must be a JSON string");
        expectRejected("{\"__metadata__\":{\"" + Safetensors.CHECKSUM_KEY + "\":\"00000000\"},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "checksum mismatch");
        Path f = dir.resolve("len.safetensors");
        Files.write(f, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L).array());
        assertMessage(f, "header length");
        Files.write(f, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array());
        assertMessage(f, "header length");
    }

    private void expectRejected(String header, int bufferBytes, String message) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + bufferBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, b.array());
        assertMessage(f, message);
    }

    private static void assertMessage(Path f, String message) {
        FileFormatException e = assertThrows(FileFormatException.class, () -> Safetensors.read(f));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void rejectsEveryTruncationAndEveryCorruptedByte() throws IOException {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("w", Tensor.arange(6).reshape(2, 3));
        in.put("b", Tensor.ones(2));
        Path f = dir.resolve("ok.safetensors");
        Safetensors.write(f, in, Map.of());
        byte[] valid = Files.readAllBytes(f);
        MalformedInput.assertEveryPrefixRejected(dir, "cut.safetensors", valid, FileFormatException.class, Safetensors::read);
        // Data bytes are covered by the checksum; header bytes are ASCII here, so a flipped one (>= 0x80) breaks
        // the UTF-8, and flipped length bytes give an impossible header length.
        int rejected = MalformedInput.assertFlipsRejectedOrRead(dir, "flip.safetensors", valid, 0, valid.length,
                FileFormatException.class, Safetensors::read);
        assertEquals(valid.length, rejected, "every flipped byte is detected");
    }
}
