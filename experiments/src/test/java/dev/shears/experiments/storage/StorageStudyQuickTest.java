package dev.shears.experiments.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shears.codec.model.ModelCompressor;
import dev.shears.codec.model.ModelFile;
import dev.shears.experiments.cli.ShearsMain;
import dev.shears.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shears experiment storage --profile quick} on a tiny setting (LeNet-5, 128 images): every output is written, every
 * format × quantizer has a ψ per weight tensor and both totals, and the figures are sane (no hard-coded
 * values: relations that must hold for any trained and pruned network).
 */
class StorageStudyQuickTest {

    @Test void quickProfileOnATinySettingWritesSaneResults(@TempDir Path out) throws Exception {
        int code = ShearsMain.commandLine().execute("experiment", "storage", "--profile", "quick", "--model", "lenet5", "--limit-train", "128",
                "--limit-test", "100", "--epochs", "1", "--prune-epochs", "1", "--ft-epochs", "1", "--batch", "32",
                "--quantizers", "none,cws,pws", "--timing-runs", "1", "--timing-batches", "1,8", "--threads", "2",
                "--out", out.toString());
        assertEquals(0, code);
        for (String f : List.of("results.csv", "accuracy.csv", "timing.csv", "results.json", "psi_layers.md", "summary.md", "report.html", "run.json")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        for (String model : List.of("dense.safetensors", "s90-none.shc", "s90-cws.shc", "s90-pws.shc")) {
            assertTrue(Files.size(out.resolve(model)) > 0, model);
        }
        // the IM + sHAM model file restores exactly the weights whose ψ was measured: 32 levels per tensor at most
        Map<String, Tensor> stored = ModelCompressor.decompress(ModelFile.read(out.resolve("s90-cws.shc")));
        for (Map.Entry<String, Tensor> e : stored.entrySet()) {
            if (e.getValue().rank() < 2) continue;
            Set<Float> values = new HashSet<>();
            for (float v : e.getValue().toArray()) if (v != 0f) values.add(v);
            assertTrue(values.size() <= 32, e.getKey() + " has " + values.size() + " distinct nonzero values");
        }
        List<String> psi = Files.readAllLines(out.resolve("results.csv"));
        assertEquals("sparsity,quantizer,format,layer,rows,cols,nonzeros,bytes,dense_bytes,psi", psi.get(0));
        Map<String, Double> byKey = new HashMap<>();
        Set<String> formats = new HashSet<>(), layers = new HashSet<>();
        for (String line : psi.subList(1, psi.size())) {
            String[] c = line.split(",");
            double v = Double.parseDouble(c[9]);
            assertTrue(v > 0 && Double.isFinite(v), line);
            assertEquals(Long.parseLong(c[7]) / (double) Long.parseLong(c[8]), v, 1e-6, line);
            byKey.put(c[1] + "/" + c[2] + "/" + c[3], v);
            formats.add(c[2]);
            layers.add(c[3]);
        }
        assertEquals(Set.of("dense", "coo", "csr", "csc", "im", "ham", "sham", "im+sham", "im+ham"), formats);
        assertTrue(layers.contains(StorageRows.Psi.WEIGHTS) && layers.contains(StorageRows.Psi.STATE_DICT));
        assertEquals(9 * 3 * layers.size(), psi.size() - 1, "every quantizer × format × tensor");
        for (String q : List.of("none", "cws", "pws")) {
            // the dense payload is the float32 matrix plus a small header
            assertTrue(byKey.get(q + "/dense/" + StorageRows.Psi.WEIGHTS) >= 1.0);
            // 90% of the pruned layers' weights are zero: sparse formats must beat dense
            assertTrue(byKey.get(q + "/csc/" + StorageRows.Psi.WEIGHTS) < 1.0);
        }
        for (String fm : List.of("im", "ham", "sham", "im+sham")) {
            assertTrue(byKey.get("cws/" + fm + "/" + StorageRows.Psi.WEIGHTS) < byKey.get("none/" + fm + "/" + StorageRows.Psi.WEIGHTS),
                    fm + ": a 32-value codebook must store smaller than float32 values");
        }
        assertTrue(byKey.get("cws/sham/" + StorageRows.Psi.WEIGHTS) < byKey.get("cws/csc/" + StorageRows.Psi.WEIGHTS));

        List<String> acc = Files.readAllLines(out.resolve("accuracy.csv"));
        Set<String> stages = new HashSet<>();
        for (String line : acc.subList(1, acc.size())) {
            String[] c = line.split(",");
            double top1 = Double.parseDouble(c[3]);
            assertTrue(top1 >= 0 && top1 <= 1, line);
            stages.add(c[1] + "/" + c[2]);
        }
        assertEquals(Set.of("none/dense", "none/pruned", "cws/quantized", "cws/fine-tuned", "pws/quantized", "pws/fine-tuned"), stages);

        List<String> timing = Files.readAllLines(out.resolve("timing.csv"));
        Set<String> timed = new HashSet<>();
        for (String line : timing.subList(1, timing.size())) {
            String[] c = line.split(",");
            timed.add(c[3]);
            assertEquals("cws", c[1]);
            assertTrue(Double.parseDouble(c[7]) > 0 && Double.parseDouble(c[8]) > 0, line);
        }
        assertTrue(!timed.isEmpty());
        assertEquals(1 + timed.size() * 7 * 2, timing.size(), "every linear layer × 7 formats × 2 batch sizes");
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("Test accuracy"));
    }
}
