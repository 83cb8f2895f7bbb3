package dev.shears.prune.halo;

import dev.shears.tensor.Tensor;
import java.util.List;

/**
 * The minimax concave penalty (Zhang 2010), HALO's non-convex baseline as written in the authors' code
 * ({@code cifar_ncvx.py}): with t = ψξ,
 * <pre>  ρ(θ) = ξ|θ| − θ²/(2ψ)   if |θ| ≤ ψξ
 *   ρ(θ) = ψξ²/2            otherwise</pre>
 * summed over the penalised weights. ∂ρ/∂θ = ξ·sign(θ) − θ/ψ inside, 0 outside. No scale parameters.
 */
public final class McpPenalty implements SparsityPenalty {

    private final double xi, psi;

    public McpPenalty(double xi, double psi) {
        if (!(psi > 0) || xi < 0) throw new IllegalArgumentException("MCP: psi must be > 0 and xi >= 0");
        this.xi = xi;
        this.psi = psi;
    }

    @Override public double value(List<Tensor> weights) {
        double t = psi * xi, r = 0;
        for (Tensor w : weights) {
            float[] d = w.data();
            for (int i = w.offset(), e = i + w.numel(); i < e; i++) {
                double a = Math.abs(d[i]);
                r += a <= t ? xi * a - a * a / (2 * psi) : psi * xi * xi / 2;
            }
        }
        return r;
    }

    @Override public double addGradients(List<Tensor> weights, List<Tensor> weightGrads) {
        double t = psi * xi;
        for (int k = 0; k < weights.size(); k++) {
            Tensor w = weights.get(k), g = weightGrads.get(k);
            float[] wd = w.data(), gd = g.data();
            for (int i = 0; i < w.numel(); i++) {
                double v = wd[w.offset() + i];
                if (Math.abs(v) <= t) gd[g.offset() + i] += (float) (xi * Math.signum(v) - v / psi);
            }
        }
        return value(weights);
    }

    @Override public List<Tensor> scales() { return List.of(); }

    @Override public List<Tensor> scaleGradients() { return List.of(); }
}
