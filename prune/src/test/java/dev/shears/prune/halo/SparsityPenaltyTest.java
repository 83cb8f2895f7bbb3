package dev.shears.prune.halo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Gradients of every penalty against central finite differences. Weights and scales are multiples of
 * 2⁻¹⁰ kept away from 0 and from the MCP kink, and the step is h = 2⁻¹⁰, so θ ± h is exact in float32 and
 * the penalties (evaluated in double) are smooth on [θ − h, θ + h]. The remaining error is the truncation
 * of the central difference, h²f'''/6: zero for the terms linear in |θ| (tolerance 1e-6 relative, the
 * float32 rounding of the stored gradient), and for c/λ² a relative 2h²/λ² ≤ 7.7e-6 with λ ≥ 0.5
 * (tolerance 2e-5 relative).
 */
class SparsityPenaltyTest {

    private static final float H = 1f / 1024;

    private static float grid(Rng rng, float lo, float hi) {
        float v = lo + (hi - lo) * rng.nextFloat();
        float q = Math.round(v * 1024) / 1024f;
        return rng.nextInt(2) == 0 ? q : -q;
    }

    private static List<Tensor> weights(Rng rng, int layers) {
        List<Tensor> ws = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            Tensor t = Tensor.zeros(2 + rng.nextInt(3), 1 + rng.nextInt(4));
            float[] d = t.data();
            for (int i = 0; i < d.length; i++) d[i] = grid(rng, 0.1f, 2f);
            ws.add(t);
        }
        return ws;
    }

    private static List<Tensor> zerosLike(List<Tensor> ws) {
        List<Tensor> g = new ArrayList<>();
        for (Tensor w : ws) g.add(Tensor.zeros(w.shape()));
        return g;
    }

    private static double central(float[] x, int i, Supplier<Double> f) {
        float orig = x[i];
        x[i] = orig + H;
        double up = f.get();
        x[i] = orig - H;
        double down = f.get();
        x[i] = orig;
        return (up - down) / (2 * H);
    }

    private static void checkPenalty(SparsityPenalty pen, List<Tensor> ws) {
        List<Tensor> gw = zerosLike(ws);
        pen.addGradients(ws, gw);
        for (int k = 0; k < ws.size(); k++) {
            float[] w = ws.get(k).data();
            for (int i = 0; i < w.length; i++) {
                double fd = central(w, i, () -> pen.value(ws));
                assertEquals(fd, gw.get(k).data()[i], 1e-6 * Math.max(1, Math.abs(fd)), "dR/dθ layer " + k + " element " + i);
            }
        }
        for (int k = 0; k < pen.scales().size(); k++) {
            float[] l = pen.scales().get(k).data();
            for (int i = 0; i < l.length; i++) {
                double fd = central(l, i, () -> pen.value(ws));
                assertEquals(fd, pen.scaleGradients().get(k).data()[i], 2e-5 * Math.max(1, Math.abs(fd)), "dR/dλ layer " + k + " element " + i);
            }
        }
    }

    private static void randomiseScales(SparsityPenalty pen, Rng rng) {
        for (Tensor l : pen.scales()) {
            float[] d = l.data();
            for (int i = 0; i < d.length; i++) d[i] = grid(rng, 0.5f, 1.5f);
        }
    }

    @Test
    void haloGradientsMatchFiniteDifferences() {
        qt().forAll(longs().all(), integers().between(1, 3)).checkAssert((seed, layers) -> {
            Rng rng = new Rng(seed);
            List<Tensor> ws = weights(rng, layers);
            List<int[]> shapes = ws.stream().map(Tensor::shape).toList();
            for (HaloPenalty.Hyper hyper : HaloPenalty.Hyper.values()) {
                // p far from Σ|λ| so the |·| of the L1 hyper-penalty is smooth around the point
                HaloPenalty pen = new HaloPenalty(shapes, 0.03, 0.02, 1000, hyper, 1, true);
                randomiseScales(pen, rng);
                checkPenalty(pen, ws);
            }
        });
    }

    @Test
    void swsAndMcpGradientsMatchFiniteDifferences() {
        qt().forAll(longs().all()).checkAssert(seed -> {
            Rng rng = new Rng(seed);
            List<Tensor> ws = weights(rng, 2);
            SwsPenalty sws = new SwsPenalty(0.03, 0.02, 1);
            sws.scales().get(0).data()[0] = grid(rng, 0.5f, 1.5f);
            checkPenalty(sws, ws);
            // MCP with ψξ = 3: every |θ| ≤ 2 lies inside the concave part
            checkPenalty(new McpPenalty(1.5, 2.0), ws);
            // and with ψξ = 0.05 every |θ| ≥ 0.1 lies in the flat part: zero gradient
            checkPenalty(new McpPenalty(0.1, 0.5), ws);
        });
    }

    @Test
    void lassoBaselineKeepsScalesFrozen() {
        Rng rng = new Rng(3);
        List<Tensor> ws = weights(rng, 1);
        HaloPenalty lasso = new HaloPenalty(List.of(ws.get(0).shape()), 0.1, 0.1, 0, HaloPenalty.Hyper.L1, 1, false);
        lasso.addGradients(ws, zerosLike(ws));
        for (float g : lasso.scaleGradients().get(0).data()) assertEquals(0f, g);
    }

    /** Seto et al.: for fixed |w|, p = 0, the λ minimising ξ|w|/λ² + ψλ is (2ξ|w|/ψ)^(1/3); gradient descent finds it. */
    @Test
    void gradientDescentOnScalesConvergesToTheClosedForm() {
        qt().forAll(longs().all(), doubles().between(0.1, 2.0)).checkAssert((seed, scale) -> {
            Rng rng = new Rng(seed);
            double xi = 1e-2, psi = 1e-2;
            Tensor w = Tensor.zeros(5);
            for (int i = 0; i < 5; i++) w.data()[i] = (float) (scale * (0.2 + rng.nextDouble()));
            HaloPenalty pen = new HaloPenalty(List.of(w.shape()), xi, psi, 0, HaloPenalty.Hyper.L1, 1, true);
            List<Tensor> ws = List.of(w), gw = zerosLike(ws);
            float[] lam = pen.scales().get(0).data();
            for (int it = 0; it < 3000; it++) {
                pen.addGradients(ws, gw);
                float[] gl = pen.scaleGradients().get(0).data();
                for (int i = 0; i < lam.length; i++) lam[i] -= 5.0f * gl[i];
            }
            for (int i = 0; i < 5; i++) {
                double expected = Math.cbrt(2 * xi * Math.abs(w.data()[i]) / psi);
                assertEquals(expected, lam[i], 1e-4 * expected, "λ of |w| = " + w.data()[i]);
            }
        });
    }
}
