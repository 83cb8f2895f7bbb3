package dev.shears.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.shears.codec.format.MatrixFormat;
import dev.shears.codec.model.ModelCompressor;
import dev.shears.codec.quant.Quantizers;
import dev.shears.nn.io.Safetensors;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompressCommandTest {

    private static int run(String... args) {
        PrintStream old = System.out;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream()));
            return ShearsMain.commandLine().execute(args);
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void compressThenDecompressGivesTheQuantizedWeightsBitExactly(@TempDir Path dir) throws Exception {
        Rng rng = new Rng(5);
        Map<String, Tensor> state = new LinkedHashMap<>();
        Tensor w = Tensor.normal(rng, 0, 0.1f, 16, 8, 3, 3);
        for (int i = 0; i < w.numel(); i++) if (rng.nextFloat() < 0.9f) w.data()[i] = 0f;
        state.put("conv.weight", w);
        state.put("conv.bias", Tensor.normal(rng, 0, 0.1f, 16));
        Path in = dir.resolve("in.safetensors"), shc = dir.resolve("m.shc"), back = dir.resolve("back.safetensors");
        Safetensors.write(in, state, Map.of());
        assertEquals(0, run("compress", "--weights", in.toString(), "--out", shc.toString(), "--format", "sham", "--quantize", "cws", "--levels", "32"));
        assertEquals(0, run("decompress", "--in", shc.toString(), "--out", back.toString()));
        Map<String, Tensor> got = Safetensors.read(back).tensors();
        Map<String, Tensor> expected = ModelCompressor.decompress(
                ModelCompressor.of(MatrixFormat.SHAM, Quantizers.byName("cws", 1), 32).compress(Safetensors.read(in).tensors()));
        for (String k : state.keySet()) assertArrayEquals(expected.get(k).toArray(), got.get(k).toArray(), 0f, k);
    }

    @Test
    void badInputIsAUsageErrorAndACorruptFileAFailure(@TempDir Path dir) throws Exception {
        assertEquals(2, run("compress", "--weights", dir.resolve("missing.safetensors").toString(), "--out", dir.resolve("x").toString()));
        assertEquals(2, run("compress", "--weights", "x", "--out", "y", "--format", "zip"));
        Path bad = dir.resolve("bad.shc");
        Files.write(bad, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        int code = run("decompress", "--in", bad.toString(), "--out", dir.resolve("o.safetensors").toString());
        assertNotEquals(0, code);
        assertEquals(false, Files.exists(dir.resolve("o.safetensors")), "nothing written on failure");
    }
}
