package dev.shears.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shears.autograd.Npy;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Optimizers and schedules against PyTorch 1.13 (fixtures from {@code tools/make_parity_fixtures.py}): four
 * steps on fixed gradients must give PyTorch's parameters and state within 1e-5 relative (1e-6 absolute
 * floor); learning-rate sequences must match within 1e-12 relative.
 */
class OptimParityTest {

    private static Tensor load(String c, String n) throws IOException { return Npy.resource("/parity/" + c + "/" + n + ".npy").tensor(); }

    private static void assertClose(String what, Tensor expected, Tensor actual) {
        for (int i = 0; i < expected.numel(); i++) {
            float e = expected.data()[i], a = actual.data()[actual.offset() + i];
            assertTrue(Math.abs(a - e) <= 1e-5 * Math.abs(e) + 1e-6, what + " [" + i + "]: " + a + " vs torch " + e);
        }
    }

    private void run(String c, Function<Map<String, Variable>, Optimizer> make, String... stateNames) throws IOException {
        Variable p = Variable.param(load(c, "p0"));
        LinkedHashMap<String, Variable> params = new LinkedHashMap<>();
        params.put("w", p);
        Optimizer opt = make.apply(params);
        Tensor grads = load(c, "grads");
        for (int t = 0; t < grads.dim(0); t++) {
            p.setGrad(grads.slice(t, t + 1).reshape(2, 3).copy());
            opt.step();
        }
        assertClose(c + " params", load(c, "p"), p.data());
        for (String s : stateNames) assertClose(c + " " + s, load(c, s), opt.stateDict().get("state.w." + s));
    }

    @Test void sgd() throws IOException {
        run("sgd_momentum", ps -> new Sgd(ps, 0.1, 0.9, 0.1, 1e-2, false), "momentum_buffer");
        run("sgd_nesterov", ps -> new Sgd(ps, 0.1, 0.9, 0, 1e-2, true), "momentum_buffer");
    }

    @Test void adamAndAdamW() throws IOException {
        run("adam", ps -> Adam.adam(ps, 1e-2, 0.9, 0.999, 1e-8, 1e-2), "exp_avg", "exp_avg_sq");
        run("adamw", ps -> Adam.adamW(ps, 1e-2, 0.9, 0.999, 1e-8, 0.1), "exp_avg", "exp_avg_sq");
    }

    private static void schedule(String c, LrSchedule s) throws IOException {
        double[] lrs = Npy.resource("/parity/lr_" + c + "/lrs.npy").values();
        for (int t = 0; t < lrs.length; t++) assertEquals(lrs[t], s.lr(t), 1e-12 * Math.abs(lrs[t]) + 1e-15, c + " step " + t);
    }

    @Test void schedules() throws IOException {
        schedule("step", new StepLr(0.1, 3, 0.5));
        schedule("multistep", new MultiStepLr(0.1, new int[] {2, 5}, 0.1));
        schedule("cosine", new CosineLr(0.1, 10, 1e-3));
        schedule("onecycle", OneCycleLr.withDefaults(0.1, 20));
    }
}
