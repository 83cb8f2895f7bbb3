package dev.shears.prune.halo;

import dev.shears.tensor.Tensor;
import java.util.List;

/**
 * A sparsity-inducing penalty R(θ, λ) added to the task loss, with its own trainable scale parameters λ
 * (possibly none). The penalty is differentiated analytically: {@link #addGradients} is called after the
 * task loss's backward pass and before the optimizer steps, so the penalty needs no autograd graph.
 *
 * <p>Implementations: {@link HaloPenalty} (HALO and its frozen-λ lasso baseline), {@link SwsPenalty},
 * {@link McpPenalty}.
 */
public interface SparsityPenalty {

    /** R(θ, λ) for the given penalised weights (one tensor per layer, in a fixed order). */
    double value(List<Tensor> weights);

    /**
     * Adds ∂R/∂θ into {@code weightGrads} (same shapes as {@code weights}) and computes ∂R/∂λ into
     * {@link #scaleGradients()} (overwriting it). Returns R.
     */
    double addGradients(List<Tensor> weights, List<Tensor> weightGrads);

    /** The trainable scale parameters λ, one tensor per layer (empty when there are none). */
    List<Tensor> scales();

    /** ∂R/∂λ from the last {@link #addGradients} call, shaped like {@link #scales()}. */
    List<Tensor> scaleGradients();
}
