package dev.shears.nn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shears.autograd.NoGrad;
import dev.shears.autograd.Variable;
import dev.shears.nn.Module;
import dev.shears.nn.checkpoint.ModelWeights;
import dev.shears.nn.io.Npy;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Eval-mode forward parity with PyTorch: weights exported by {@code tools/export_torchvision.py} load strictly
 * under torchvision's names and give PyTorch's logits within 1e-4 relative (max |Δ| over max |logit|).
 * LeNet-5's fixture is committed, so the path always runs; the torchvision models are exported into
 * {@code target/} at test time when /usr/bin/python3 has torch, and the tests are skipped otherwise.
 */
class TorchParityTest {

    static final double TOLERANCE = 1e-4;

    private static Path resource(String name) {
        try {
            return Paths.get(TorchParityTest.class.getResource("/models/" + name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test void lenet5FromSafetensors() throws IOException {
        assertParity(Models.create("lenet5", 10, new Rng(9)), ModelWeights.read(resource("lenet5.safetensors")),
                resource("lenet5.input.npy"), resource("lenet5.logits.npy"));
    }

    @Test void lenet5FromNpz() throws IOException {
        assertParity(Models.create("lenet5", 10, new Rng(9)), ModelWeights.read(resource("lenet5.npz")),
                resource("lenet5.input.npy"), resource("lenet5.logits.npy"));
    }

    @ParameterizedTest
    @CsvSource({"mobilenet_v2, 2", "vgg16_bn, 1"})
    void torchvisionModel(String name, int batch) throws Exception {
        Path dir = Paths.get("target", "torch-parity");
        Path weights = dir.resolve(name + ".safetensors");
        if (!Files.exists(dir.resolve(name + ".logits.npy"))) {
            Assumptions.assumeTrue(torchAvailable(), "/usr/bin/python3 with torch not available");
            Path script = Paths.get("..", "tools", "export_torchvision.py");
            Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), name, dir.toString(), "--seed", "3",
                    "--batch", Integer.toString(batch)).inheritIO().start();
            assertTrue(p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0, "export_torchvision.py failed");
        }
        Module m = name.equals("vgg16_bn") ? SharedModels.vgg16Bn() : Models.create(name, 1000, new Rng(1));
        Map<String, Tensor> state = ModelWeights.read(weights);
        state.keySet().removeIf(k -> k.endsWith(ModelWeights.NUM_BATCHES_TRACKED)); // older PyTorch files lack them
        assertParity(m, state, dir.resolve(name + ".input.npy"), dir.resolve(name + ".logits.npy"));
    }

    private static boolean torchAvailable() {
        if (!Files.isExecutable(Paths.get("/usr/bin/python3"))) return false;
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch, torchvision").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static void assertParity(Module m, Map<String, Tensor> state, Path input, Path logits) throws IOException {
        ModelWeights.load(m, state);
        m.eval();
        Tensor x = Npy.read(input), expected = Npy.read(logits);
        Tensor y;
        try (NoGrad g = NoGrad.scope()) {
            y = m.forward(Variable.constant(x)).data();
        }
        assertArrayEquals(expected.shape(), y.shape());
        double maxDiff = 0, maxRef = 0;
        for (int i = 0; i < y.numel(); i++) {
            maxDiff = Math.max(maxDiff, Math.abs(y.data()[y.offset() + i] - expected.data()[expected.offset() + i]));
            maxRef = Math.max(maxRef, Math.abs(expected.data()[expected.offset() + i]));
        }
        double rel = maxDiff / maxRef;
        System.out.printf("parity %s: max |Δ| %.3g, max |logit| %.3g, relative %.3g%n", logits.getFileName(), maxDiff, maxRef, rel);
        assertTrue(rel <= TOLERANCE, "relative error " + rel + " > " + TOLERANCE);
    }
}
