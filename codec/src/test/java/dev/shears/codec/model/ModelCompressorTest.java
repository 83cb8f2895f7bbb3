package dev.shears.codec.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shears.codec.format.MatrixFormat;
import dev.shears.codec.quant.Quantizers;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCompressorTest {

    private static LinkedHashMap<String, Tensor> state(Rng rng) {
        LinkedHashMap<String, Tensor> s = new LinkedHashMap<>();
        Tensor conv = Tensor.normal(rng, 0, 0.1f, 8, 4, 3, 3);
        Tensor fc = Tensor.normal(rng, 0, 0.1f, 10, 32);
        for (Tensor t : new Tensor[] {conv, fc}) for (int i = 0; i < t.numel(); i++) if (rng.nextFloat() < 0.9f) t.data()[i] = 0f;
        s.put("features.0.weight", conv);
        s.put("features.0.bias", Tensor.normal(rng, 0, 0.1f, 8));
        s.put("features.1.num_batches_tracked", Tensor.scalar(42f));
        s.put("classifier.weight", fc);
        return s;
    }

    @Test
    void everyFormatAndQuantizerRoundTripsThroughAFile(@TempDir Path dir) throws Exception {
        for (MatrixFormat f : MatrixFormat.values()) {
            for (String q : new String[] {"none", "uq", "cws", "pws", "ecsq"}) {
                LinkedHashMap<String, Tensor> s = state(new Rng(1));
                ModelCompressor c = ModelCompressor.of(f, Quantizers.byName(q, 3), 8);
                CompressedModel m = c.compress(s);
                Path file = dir.resolve(f + "-" + q + ".shc");
                ModelFile.write(file, m);
                Map<String, Tensor> back = ModelCompressor.decompress(ModelFile.read(file));
                assertEquals(s.keySet(), back.keySet());
                // the bias and the scalar are stored exactly; weights are the quantized values
                assertArrayEquals(s.get("features.0.bias").toArray(), back.get("features.0.bias").toArray(), 0f);
                assertEquals(0, back.get("features.1.num_batches_tracked").rank());
                assertEquals(42f, back.get("features.1.num_batches_tracked").item());
                for (String w : new String[] {"features.0.weight", "classifier.weight"}) {
                    float[] orig = s.get(w).toArray(), dec = back.get(w).toArray();
                    assertArrayEquals(s.get(w).shape(), back.get(w).shape());
                    Set<Float> distinct = new HashSet<>();
                    for (int i = 0; i < orig.length; i++) {
                        if (orig[i] == 0f) assertEquals(0f, dec[i], f + "/" + q + ": pruned zeros stay zero");
                        else distinct.add(dec[i]);
                        if (q.equals("none")) assertEquals(orig[i], dec[i], 0f);
                    }
                    if (!q.equals("none")) assertTrue(distinct.size() <= 8, f + "/" + q + ": at most k levels, got " + distinct.size());
                }
            }
        }
    }

    @Test
    void compressionPaysOffOnPrunedQuantizedWeights() {
        LinkedHashMap<String, Tensor> s = state(new Rng(2));
        double dense = ModelCompressor.of(MatrixFormat.DENSE, null, 0).compress(s).psi();
        double sham = ModelCompressor.of(MatrixFormat.SHAM, Quantizers.byName("cws", 0), 32).compress(s).psi();
        assertTrue(dense >= 1.0 && dense < 1.05, "dense float32 plus its small header: ψ = " + dense);
        assertTrue(sham < 0.4, "sHAM + CWS on 90% sparse weights: ψ = " + sham);
    }
}
