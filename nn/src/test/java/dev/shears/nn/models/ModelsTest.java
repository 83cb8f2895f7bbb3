package dev.shears.nn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shears.autograd.NoGrad;
import dev.shears.autograd.Variable;
import dev.shears.nn.Module;
import dev.shears.tensor.Shape;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Parameter counts, torchvision state-dict layouts, and output shapes of the registered models. */
class ModelsTest {

    /** vgg-small's count by layer: 4 convs with bias, 4 BNs (weight + bias), 3136→256→10. */
    @Test void vggSmallHas871018Parameters() {
        long convs = (1 * 9 + 1) * 32 + (32 * 9 + 1) * 32 + (32 * 9 + 1) * 64 + (64 * 9 + 1) * 64;
        long bns = 2 * (32 + 32 + 64 + 64);
        long fcs = (3136 + 1) * 256 + (256 + 1) * 10;
        assertEquals(871_018, convs + bns + fcs);
        assertEquals(871_018, Models.parameterCount(Models.create("vgg-small", 10, new Rng(1))));
    }

    @Test void lenet5MatchesTheTorchLayout() throws IOException { assertKeys("lenet5", Models.create("lenet5", 10, new Rng(1))); }

    /**
     * VGG without BN: the feature indices (convolution every other entry). The ImageNet head is the code
     * vgg16_bn's test covers; building the full vgg11 would cost 15 s of initialisation.
     */
    @Test void vgg11FeaturesMatchTorchvision() throws IOException {
        Module features = Vgg.features(Vgg.config(11), 3, false, new Rng(1));
        List<String> expected = new ArrayList<>();
        for (String line : keyLines("vgg11")) if (line.startsWith("features.")) expected.add(line.substring("features.".length()));
        assertEquals(expected, keyLines(features));
    }

    @Test void vgg16BnMatchesTorchvision() throws IOException { assertKeys("vgg16_bn", SharedModels.vgg16Bn()); }

    @Test void mobilenetV2MatchesTorchvision() throws IOException {
        assertKeys("mobilenet_v2", Models.create("mobilenet_v2", 1000, new Rng(1)));
    }

    /** Keys, order and shapes equal the file torchvision's state_dict() produced (tools/export_torchvision.py). */
    static void assertKeys(String fixture, Module m) throws IOException { assertEquals(keyLines(fixture), keyLines(m)); }

    private static List<String> keyLines(String fixture) throws IOException {
        List<String> lines = new ArrayList<>();
        try (InputStream in = ModelsTest.class.getResourceAsStream("/models/" + fixture + ".keys.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) if (!line.isBlank()) lines.add(line.trim());
        }
        return lines;
    }

    /** "name d0,d1,..." per state-dict entry ("-" for scalars), the fixture's format. */
    private static List<String> keyLines(Module m) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : m.stateDict().entrySet()) {
            String shape = Shape.str(e.getValue().shape()).replaceAll("[\\[\\] ]", "");
            lines.add(e.getKey() + " " + (shape.isEmpty() ? "-" : shape));
        }
        return lines;
    }

    /** The CIFAR and 28×28 models map their designed input to [N, classes], in training and eval mode. */
    @ParameterizedTest
    @ValueSource(strings = {"lenet5", "vgg-small", "mobilenetv1-28", "mobilenetv1-28-0.25", "vgg11-cifar", "vgg16-cifar", "vgg16-cifar-nobn",
            "vgg19-cifar", "mobilenetv1-cifar", "mobilenetv1-cifar-0.5"})
    void forwardShape(String name) {
        ModelSpec spec = Models.spec(name);
        Module m = spec.create(7, new Rng(3));
        int[] s = spec.inputShape();
        Tensor x = Tensor.normal(new Rng(4), 0f, 1f, 2, s[0], s[1], s[2]);
        assertArrayEquals(new int[] {2, 7}, m.forward(Variable.constant(x)).shape());
        m.eval();
        try (NoGrad g = NoGrad.scope()) {
            assertArrayEquals(new int[] {2, 7}, m.forward(Variable.constant(x)).shape());
        }
    }

    /** The mobilenetv1-cifar of the PyTorch peer (/work/shared/bench/torch_peer.py prints params = 3,217,226). */
    @Test void mobilenetV1CifarMatchesThePeerModel() {
        assertEquals(3_217_226, Models.parameterCount(Models.create("mobilenetv1-cifar", 10, new Rng(1))));
    }

    @Test void unknownNamesAreRejectedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.spec("vgg17"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("vgg-small"));
    }

    @Test void makeDivisibleFollowsTorchvision() {
        assertEquals(32, MobileNetV2.makeDivisible(32, 8));
        assertEquals(16, MobileNetV2.makeDivisible(11.2, 8)); // 0.35 × 32: 8 would be below 90%
        assertEquals(8, MobileNetV2.makeDivisible(5.6, 8));   // never below the divisor
    }
}
