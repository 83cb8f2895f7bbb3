package dev.shears.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shears.autograd.ops.AdaptiveAvgPool2d;
import dev.shears.autograd.ops.AvgPool2d;
import dev.shears.autograd.ops.BatchNorm2d;
import dev.shears.autograd.ops.Conv2d;
import dev.shears.autograd.ops.CrossEntropy;
import dev.shears.autograd.ops.MaxPool2d;
import dev.shears.tensor.Tensor;
import java.io.IOException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Numerical parity with PyTorch 1.13 on fixtures written by {@code tools/make_parity_fixtures.py}
 * (inputs, parameters, output gradient, and PyTorch's outputs and gradients). Every element must satisfy
 * {@code |shears − torch| ≤ 1e-4 · max(|torch|, rms(torch array))}: relative, with the array's RMS as the
 * floor so entries that are near zero through cancellation are judged on the array's scale.
 */
class ParityTest {

    private static Tensor load(String c, String name) throws IOException { return Npy.resource("/parity/" + c + "/" + name + ".npy").tensor(); }

    static void assertParity(String what, Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double rms = 0;
        for (int i = 0; i < expected.numel(); i++) rms += Math.pow(expected.data()[i], 2);
        rms = Math.sqrt(rms / Math.max(1, expected.numel()));
        double worst = 0;
        for (int i = 0; i < expected.numel(); i++) {
            double e = expected.data()[i], a = actual.data()[actual.offset() + i];
            double rel = Math.abs(a - e) / Math.max(Math.abs(e), rms);
            worst = Math.max(worst, rel);
            assertTrue(rel <= 1e-4, what + " [" + i + "]: shears " + a + " vs torch " + e);
        }
        System.out.printf("parity %-40s max rel error %.2e%n", what, worst);
    }

    private void convCase(String c) throws IOException {
        int[] cfg = Npy.resource("/parity/" + c + "/config.npy").ints();
        Variable x = Variable.param(load(c, "x")), w = Variable.param(load(c, "w")), b = Variable.param(load(c, "b"));
        Variable y = Conv2d.apply(x, w, b, cfg[0], cfg[1], cfg[2], cfg[3]);
        assertParity(c + " y", load(c, "y"), y.data());
        y.backward(load(c, "gy"));
        assertParity(c + " gx", load(c, "gx"), x.grad());
        assertParity(c + " gw", load(c, "gw"), w.grad());
        assertParity(c + " gb", load(c, "gb"), b.grad());
    }

    @Test void conv() throws IOException {
        for (String c : new String[] {"conv_dense_s1p1", "conv_grouped_s2p2d2", "conv_depthwise_s2p1", "conv_pointwise", "conv_dilated_s1p2d2",
            "conv_depthwise_s1p1", "conv_depthwise_s1p2d2"}) convCase(c);
    }

    @Test void batchNorm() throws IOException {
        for (String c : new String[] {"bn_train", "bn_eval"}) {
            boolean train = c.equals("bn_train");
            Variable x = Variable.param(load(c, "x")), g = Variable.param(load(c, "gamma")), b = Variable.param(load(c, "beta"));
            Tensor rm = load(c, "running_mean"), rv = load(c, "running_var");
            Variable y = BatchNorm2d.apply(x, g, b, rm, rv, train, 0.1f, 1e-5f);
            assertParity(c + " y", load(c, "y"), y.data());
            y.backward(load(c, "gy"));
            assertParity(c + " gx", load(c, "gx"), x.grad());
            assertParity(c + " ggamma", load(c, "ggamma"), g.grad());
            assertParity(c + " gbeta", load(c, "gbeta"), b.grad());
            if (train) {
                assertParity(c + " running_mean", load(c, "running_mean_after"), rm);
                assertParity(c + " running_var", load(c, "running_var_after"), rv);
            }
        }
    }

    private void poolCase(String c, Function<Variable, Variable> op) throws IOException {
        Variable x = Variable.param(load(c, "x"));
        Variable y = op.apply(x);
        assertParity(c + " y", load(c, "y"), y.data());
        y.backward(load(c, "gy"));
        assertParity(c + " gx", load(c, "gx"), x.grad());
    }

    @Test void pooling() throws IOException {
        poolCase("maxpool_k3s2p1", x -> MaxPool2d.apply(x, 3, 2, 1, 1));
        poolCase("maxpool_k2s2", x -> MaxPool2d.apply(x, 2, 2, 0, 1));
        poolCase("avgpool_k3s2p1_include", x -> AvgPool2d.apply(x, 3, 2, 1, true));
        poolCase("avgpool_k3s2p1_exclude", x -> AvgPool2d.apply(x, 3, 2, 1, false));
        poolCase("adaptive_avgpool_3x2", x -> AdaptiveAvgPool2d.apply(x, 3, 2));
    }

    @Test void crossEntropy() throws IOException {
        for (String c : new String[] {"cross_entropy_ls0", "cross_entropy_ls0.1"}) {
            Variable x = Variable.param(load(c, "x"));
            int[] t = Npy.resource("/parity/" + c + "/targets.npy").ints();
            float smoothing = load(c, "smoothing").item();
            Variable loss = CrossEntropy.apply(x, t, smoothing);
            assertParity(c + " loss", load(c, "loss"), loss.data());
            loss.backward();
            assertParity(c + " gx", load(c, "gx"), x.grad());
        }
    }
}
