package dev.shears.prune.method;

import dev.shears.autograd.Variable;
import dev.shears.nn.Module;
import dev.shears.nn.train.TrainingCallback;
import dev.shears.prune.LayerSelector;
import dev.shears.prune.MaskSet;
import dev.shears.prune.PrunableLayer;
import dev.shears.prune.Pruner;
import dev.shears.prune.PruningCallback;
import dev.shears.prune.halo.HaloCallback;
import dev.shears.prune.halo.HaloPenalty;
import dev.shears.prune.halo.McpPenalty;
import dev.shears.prune.halo.SparsityPenalty;
import dev.shears.prune.halo.SwsPenalty;
import dev.shears.prune.momentum.SparseMomentumCallback;
import dev.shears.prune.momentum.WeightMomCallback;
import dev.shears.prune.score.Criterion;
import dev.shears.prune.score.Granularity;
import dev.shears.prune.score.MaskSelector;
import java.util.List;
import java.util.Locale;

/**
 * A pruning method ready to train with: its callbacks, its masks, and what it does once training ends.
 *
 * <ul>
 *   <li>{@code magnitude}: gradual score-based pruning ({@link PruningCallback}) with the configured
 *       criterion, granularity, scope and schedule (fasterai; Zhu &amp; Gupta).</li>
 *   <li>{@code halo}, {@code lasso}, {@code sws}, {@code mcp}: train with the penalty on the selected layers'
 *       weights (Seto et al. 2021 penalise convolutions only on CIFAR and linear layers too on MNIST; pass
 *       {@link LayerSelector#convOnly()} for the CIFAR setting), then, in {@link #finish()}, one-shot global
 *       magnitude pruning over the penalised weights to the target, without fine-tuning (the paper's
 *       protocol). λ trains with SGD, momentum 0.9 and {@link PruningConfig#lambdaWeightDecay()}, at the
 *       model optimizer's learning rate.</li>
 *   <li>{@code weightmom}: gradual WeightMom pruning ({@link WeightMomCallback}).</li>
 *   <li>{@code sparse-momentum}: sparse training at fixed density ({@link SparseMomentumCallback}).</li>
 * </ul>
 */
public final class PruningMethod {

    private final PruningConfig config;
    private final Module model;
    private final MaskSet masks;
    private final List<TrainingCallback> callbacks;
    private final SparsityPenalty penalty;

    private PruningMethod(PruningConfig config, Module model, MaskSet masks, List<TrainingCallback> callbacks, SparsityPenalty penalty) {
        this.config = config;
        this.model = model;
        this.masks = masks;
        this.callbacks = callbacks;
        this.penalty = penalty;
    }

    /** Names accepted by {@link #create}. */
    public static final List<String> NAMES = List.of("magnitude", "halo", "lasso", "sws", "mcp", "weightmom", "sparse-momentum");

    /** Builds the method for {@code model}. */
    public static PruningMethod create(Module model, PruningConfig c) {
        String name = c.method().toLowerCase(Locale.ROOT);
        switch (name) {
            case "magnitude" -> {
                List<PrunableLayer> layers = c.selector().select(model);
                MaskSet masks = new MaskSet(model, layers);
                Pruner pruner = new Pruner(c.criterion(), c.granularity(), c.scope(), layers, c.seed());
                return new PruningMethod(c, model, masks, List.of(new PruningCallback(pruner, masks, c.schedule(), c.every())), null);
            }
            case "halo", "lasso", "sws", "mcp" -> {
                List<PrunableLayer> layers = c.selector().select(model);
                List<Variable> weights = layers.stream().map(PrunableLayer::weight).toList();
                SparsityPenalty pen = switch (name) {
                    case "halo" -> new HaloPenalty(weights.stream().map(v -> v.data().shape()).toList(), c.xi(), c.psi(), c.p(), c.hyper(), 1, true);
                    case "lasso" -> new HaloPenalty(weights.stream().map(v -> v.data().shape()).toList(), c.xi(), c.psi(), c.p(), c.hyper(), 1, false);
                    case "sws" -> new SwsPenalty(c.xi(), c.psi(), 1);
                    default -> new McpPenalty(c.xi(), c.psi());
                };
                HaloCallback cb = new HaloCallback(pen, weights, 0.9, c.lambdaWeightDecay());
                return new PruningMethod(c, model, new MaskSet(model, layers), List.of(cb), pen);
            }
            case "weightmom" -> {
                List<PrunableLayer> layers = c.selector().select(model);
                MaskSet masks = new MaskSet(model, layers);
                return new PruningMethod(c, model, masks, List.of(new WeightMomCallback(masks, c.schedule(), c.beta(), c.gamma(), c.every())), null);
            }
            case "sparse-momentum" -> {
                List<PrunableLayer> layers = c.selector().select(model);
                MaskSet masks = new MaskSet(model, layers);
                return new PruningMethod(c, model, masks, List.of(new SparseMomentumCallback(masks, c.sparsity(), c.pruneRate(), c.seed())), null);
            }
            default -> throw new IllegalArgumentException("unknown pruning method '" + c.method() + "' " + NAMES);
        }
    }

    public PruningConfig config() { return config; }

    public MaskSet masks() { return masks; }

    /** Callbacks to pass to the trainer. */
    public List<TrainingCallback> callbacks() { return callbacks; }

    /** The penalty of the penalty methods, else null. */
    public SparsityPenalty penalty() { return penalty; }

    /**
     * Ends the method after training: for the penalty methods, one-shot global magnitude pruning of the
     * penalised weights to the target (masks are then final); for the others, masks are re-applied.
     */
    public void finish() {
        if (penalty != null) {
            new Pruner(Criterion.LARGE_FINAL, Granularity.WEIGHT, MaskSelector.Scope.GLOBAL, masks.layers(), config.seed())
                    .prune(masks, config.sparsity());
        }
        masks.applyToWeights();
    }
}
