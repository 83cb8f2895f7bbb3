package dev.shears.prune.halo;

import dev.shears.tensor.Tensor;
import java.util.List;

/**
 * The single-shared-scale baseline of HALO's code ({@code --ws} in skyler120/sparsity-halo {@code cifar.py}):
 * one trainable λ for all penalised weights,
 * <pre>  R(θ, λ) = ξ · ‖θ‖₁ / λ²  +  ψ · λ²</pre>
 * ∂R/∂θⱼ = ξ·sign(θⱼ)/λ²; ∂R/∂λ = −2ξ‖θ‖₁/λ³ + 2ψλ.
 */
public final class SwsPenalty implements SparsityPenalty {

    private final double xi, psi;
    private final Tensor lambda;
    private final Tensor lambdaGrad = Tensor.zeros(1);

    public SwsPenalty(double xi, double psi, double lambdaInit) {
        if (lambdaInit == 0) throw new IllegalArgumentException("SWS: lambdaInit must be non-zero");
        this.xi = xi;
        this.psi = psi;
        this.lambda = Tensor.full((float) lambdaInit, 1);
    }

    private static double l1(List<Tensor> weights) {
        double s = 0;
        for (Tensor w : weights) {
            float[] d = w.data();
            for (int i = w.offset(), e = i + w.numel(); i < e; i++) s += Math.abs(d[i]);
        }
        return s;
    }

    @Override public double value(List<Tensor> weights) {
        double lam = lambda.data()[0];
        return xi * l1(weights) / (lam * lam) + psi * lam * lam;
    }

    @Override public double addGradients(List<Tensor> weights, List<Tensor> weightGrads) {
        double lam = lambda.data()[0];
        double l1 = l1(weights);
        for (int k = 0; k < weights.size(); k++) {
            Tensor w = weights.get(k), g = weightGrads.get(k);
            float[] wd = w.data(), gd = g.data();
            for (int i = 0; i < w.numel(); i++) gd[g.offset() + i] += (float) (xi * Math.signum(wd[w.offset() + i]) / (lam * lam));
        }
        lambdaGrad.data()[0] = (float) (-2 * xi * l1 / (lam * lam * lam) + 2 * psi * lam);
        return xi * l1 / (lam * lam) + psi * lam * lam;
    }

    @Override public List<Tensor> scales() { return List.of(lambda); }

    @Override public List<Tensor> scaleGradients() { return List.of(lambdaGrad); }
}
