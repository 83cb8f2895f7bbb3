package dev.shears.prune.method;

import dev.shears.prune.LayerSelector;
import dev.shears.prune.halo.HaloPenalty;
import dev.shears.prune.schedule.PruningSchedule;
import dev.shears.prune.schedule.ScheduleShape;
import dev.shears.prune.score.Criterion;
import dev.shears.prune.score.Granularity;
import dev.shears.prune.score.MaskSelector;

/**
 * Everything that defines a pruning run, with the defaults of the seed papers. Build with
 * {@link #defaults(String, double)} and the {@code with...} copies.
 *
 * @param method      magnitude, halo, lasso, sws, mcp, weightmom or sparse-momentum
 * @param sparsity    the target fraction of pruned weights in the selected layers
 * @param criterion   score for magnitude-style pruning (fasterai criteria; magnitude = large_final)
 * @param granularity which weights are pruned together
 * @param scope       local (per layer) or global threshold
 * @param schedule    when the sparsity is reached (magnitude and WeightMom)
 * @param every       minimum optimizer steps between two pruning events
 * @param selector    which layers
 * @param xi          HALO ξ
 * @param psi         HALO ψ
 * @param p           HALO p (target of Σ|λ|)
 * @param hyper       HALO's hyper-penalty (L1 or L2)
 * @param lambdaWeightDecay weight decay of the SGD that trains HALO's λ (the authors' code and the PyTorch
 *                    peer reuse the model's weight decay; set it to the model's)
 * @param beta        WeightMom's EMA factor
 * @param gamma       WeightMom's layer-budget exponent
 * @param pruneRate   Sparse Momentum's initial prune rate
 * @param seed        for random criteria and initial masks
 */
public record PruningConfig(String method, double sparsity, Criterion criterion, Granularity granularity,
                            MaskSelector.Scope scope, PruningSchedule schedule, int every, LayerSelector selector,
                            double xi, double psi, double p, HaloPenalty.Hyper hyper, double lambdaWeightDecay,
                            double beta, double gamma, double pruneRate, long seed) {

    /**
     * The defaults: unstructured global magnitude pruning with an AGP schedule over the first 80% of training
     * (Zhu &amp; Gupta leave the end for recovery); conv and linear layers except the classifier; HALO with
     * ξ = ψ = 1e-5 (the shared PyTorch peer's setting for 28×28 nets; the paper uses 1e-8 on CIFAR with
     * 160 epochs) and λ weight decay 5e-4 (the Fashion-MNIST recipe's); WeightMom β = 0.9, γ = 1; Sparse Momentum prune rate 0.5 (the paper's).
     */
    public static PruningConfig defaults(String method, double sparsity) {
        return new PruningConfig(method, sparsity, Criterion.LARGE_FINAL, Granularity.WEIGHT, MaskSelector.Scope.GLOBAL,
                new PruningSchedule(ScheduleShape.AGP, 0, sparsity, 0, 0.8, 3), 1, LayerSelector.defaults(),
                1e-5, 1e-5, 0, HaloPenalty.Hyper.L1, 5e-4, 0.9, 1.0, 0.5, 1);
    }

    public PruningConfig withGranularity(Granularity g) {
        return new PruningConfig(method, sparsity, criterion, g, scope, schedule, every, selector, xi, psi, p, hyper, lambdaWeightDecay, beta, gamma, pruneRate, seed);
    }

    public PruningConfig withScope(MaskSelector.Scope s) {
        return new PruningConfig(method, sparsity, criterion, granularity, s, schedule, every, selector, xi, psi, p, hyper, lambdaWeightDecay, beta, gamma, pruneRate, seed);
    }

    public PruningConfig withCriterion(Criterion c) {
        return new PruningConfig(method, sparsity, c, granularity, scope, schedule, every, selector, xi, psi, p, hyper, lambdaWeightDecay, beta, gamma, pruneRate, seed);
    }

    public PruningConfig withSchedule(PruningSchedule s) {
        return new PruningConfig(method, sparsity, criterion, granularity, scope, s, every, selector, xi, psi, p, hyper, lambdaWeightDecay, beta, gamma, pruneRate, seed);
    }

    public PruningConfig withEvery(int n) {
        return new PruningConfig(method, sparsity, criterion, granularity, scope, schedule, n, selector, xi, psi, p, hyper, lambdaWeightDecay, beta, gamma, pruneRate, seed);
    }

    public PruningConfig withSelector(LayerSelector s) {
        return new PruningConfig(method, sparsity, criterion, granularity, scope, schedule, every, s, xi, psi, p, hyper, lambdaWeightDecay, beta, gamma, pruneRate, seed);
    }

    public PruningConfig withLambdaWeightDecay(double wd) {
        return new PruningConfig(method, sparsity, criterion, granularity, scope, schedule, every, selector, xi, psi, p, hyper, wd, beta, gamma, pruneRate, seed);
    }

    public PruningConfig withHalo(double xi, double psi, double p, HaloPenalty.Hyper hyper) {
        return new PruningConfig(method, sparsity, criterion, granularity, scope, schedule, every, selector, xi, psi, p, hyper, lambdaWeightDecay, beta, gamma, pruneRate, seed);
    }

    public PruningConfig withMomentum(double beta, double gamma, double pruneRate) {
        return new PruningConfig(method, sparsity, criterion, granularity, scope, schedule, every, selector, xi, psi, p, hyper, lambdaWeightDecay, beta, gamma, pruneRate, seed);
    }

    public PruningConfig withSeed(long s) {
        return new PruningConfig(method, sparsity, criterion, granularity, scope, schedule, every, selector, xi, psi, p, hyper, lambdaWeightDecay, beta, gamma, pruneRate, s);
    }
}
