package dev.shears.prune.halo;

import dev.shears.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * HALO, the hierarchical adaptive lasso (Seto, Wells, Zhang, SDM 2021, arXiv 2008.10183, Section 3, the
 * objective they minimise jointly in θ and λ):
 *
 * <pre>  R(θ, λ) = ξ · Σⱼ |θⱼ| / λⱼ²  +  ψ · | Σⱼ |λⱼ| − p |          (L1 "harch", the default)
 *   R(θ, λ) = ξ · Σⱼ |θⱼ| / λⱼ²  +  ψ · ( Σⱼ |λⱼ| − p )²         (L2 "harch")</pre>
 *
 * with one λⱼ per penalised weight, initialised to {@code lambdaInit} (1 in the paper's code), and p = 0 by
 * default. λ is trained jointly with θ by its own optimizer (plain SGD with the same hyper-parameters in the
 * authors' code, {@code cifar.py}); there is no proximal step, so θ is not exactly sparse after training
 * and is pruned afterwards by global magnitude.
 *
 * <p>Gradients (sign(0) taken as 0, the subgradient PyTorch's {@code abs} uses):
 * ∂R/∂θⱼ = ξ·sign(θⱼ)/λⱼ²; ∂R/∂λⱼ = −2ξ|θⱼ|/λⱼ³ + ψ·g·sign(λⱼ), with g = sign(Σ|λ| − p) (L1) or
 * 2(Σ|λ| − p) (L2). For fixed |θ| and p = 0 the minimiser in λ &gt; 0 is λ* = (2ξ|θ|/ψ)^(1/3).
 *
 * <p>With {@code trainScales = false} λ stays at its initial value and R is a plain weighted lasso: the
 * paper's "lasso" baseline.
 */
public final class HaloPenalty implements SparsityPenalty {

    /** The hyper-penalty on the scales: |Σ|λ| − p| (L1) or (Σ|λ| − p)² (L2). */
    public enum Hyper { L1, L2 }

    private final double xi, psi, p;
    private final Hyper hyper;
    private final boolean trainScales;
    private final List<Tensor> lambdas = new ArrayList<>();
    private final List<Tensor> lambdaGrads = new ArrayList<>();

    /**
     * @param weightShapes shapes of the penalised weights, in the order later passed to {@link #value}
     * @param xi           ξ, the weight of the adaptive lasso term
     * @param psi          ψ, the weight of the penalty on the scales
     * @param p            the target of Σ|λ| (0 in the paper)
     * @param lambdaInit   initial λ (1 in the paper)
     * @param trainScales  false for the frozen-λ lasso baseline
     */
    public HaloPenalty(List<int[]> weightShapes, double xi, double psi, double p, Hyper hyper, double lambdaInit, boolean trainScales) {
        if (xi < 0 || psi < 0) throw new IllegalArgumentException("HALO: xi and psi must be >= 0");
        if (lambdaInit == 0) throw new IllegalArgumentException("HALO: lambdaInit must be non-zero");
        this.xi = xi;
        this.psi = psi;
        this.p = p;
        this.hyper = hyper;
        this.trainScales = trainScales;
        for (int[] s : weightShapes) {
            lambdas.add(Tensor.full((float) lambdaInit, s));
            lambdaGrads.add(Tensor.zeros(s));
        }
    }

    /** True when λ is trained (HALO), false for the lasso baseline. */
    public boolean trainsScales() { return trainScales; }

    private double sumAbsLambda() {
        double s = 0;
        for (Tensor l : lambdas) {
            float[] d = l.data();
            for (int i = l.offset(), e = i + l.numel(); i < e; i++) s += Math.abs(d[i]);
        }
        return s;
    }

    @Override public double value(List<Tensor> weights) {
        check(weights);
        double lasso = 0;
        for (int k = 0; k < weights.size(); k++) {
            float[] w = weights.get(k).data(), l = lambdas.get(k).data();
            int wo = weights.get(k).offset();
            for (int i = 0; i < l.length; i++) {
                double lam = l[i];
                lasso += Math.abs(w[wo + i]) / (lam * lam);
            }
        }
        double dev = sumAbsLambda() - p;
        return xi * lasso + psi * (hyper == Hyper.L1 ? Math.abs(dev) : dev * dev);
    }

    @Override public double addGradients(List<Tensor> weights, List<Tensor> weightGrads) {
        double r = value(weights);
        double dev = sumAbsLambda() - p;
        double g = hyper == Hyper.L1 ? Math.signum(dev) : 2 * dev;
        for (int k = 0; k < weights.size(); k++) {
            Tensor wt = weights.get(k), gt = weightGrads.get(k);
            if (!wt.sameShape(gt)) throw new IllegalArgumentException("HALO: weight and gradient shapes differ at layer " + k);
            float[] w = wt.data(), gw = gt.data(), l = lambdas.get(k).data(), gl = lambdaGrads.get(k).data();
            int wo = wt.offset(), go = gt.offset();
            for (int i = 0; i < l.length; i++) {
                double lam = l[i], a = w[wo + i];
                double lam2 = lam * lam;
                gw[go + i] += (float) (xi * Math.signum(a) / lam2);
                gl[i] = trainScales ? (float) (-2 * xi * Math.abs(a) / (lam2 * lam) + psi * g * Math.signum(lam)) : 0f;
            }
        }
        return r;
    }

    private void check(List<Tensor> weights) {
        if (weights.size() != lambdas.size()) {
            throw new IllegalArgumentException("HALO: " + weights.size() + " weights for " + lambdas.size() + " scale tensors");
        }
        for (int k = 0; k < weights.size(); k++) {
            if (!weights.get(k).sameShape(lambdas.get(k))) {
                throw new IllegalArgumentException("HALO: weight " + k + " has shape " + java.util.Arrays.toString(weights.get(k).shape())
                        + ", scales " + java.util.Arrays.toString(lambdas.get(k).shape()));
            }
        }
    }

    @Override public List<Tensor> scales() { return lambdas; }

    @Override public List<Tensor> scaleGradients() { return lambdaGrads; }
}
