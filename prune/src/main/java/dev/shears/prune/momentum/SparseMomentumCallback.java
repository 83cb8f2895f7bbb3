package dev.shears.prune.momentum;

import dev.shears.nn.train.TrainingCallback;
import dev.shears.nn.train.TrainingContext;
import dev.shears.prune.MaskSet;
import dev.shears.prune.PrunableLayer;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sparse Momentum training (Dettmers &amp; Zettlemoyer 2019) as a callback. At the start every selected
 * layer gets the same density 1 − s with a random mask (the paper's initialisation); at the end of every
 * epoch but the last, one {@link SparseMomentum#step} runs with the prune rate decayed by a cosine from
 * {@code initialPruneRate} (0.5 in the paper). Gradients are not masked, so the optimizer's momentum keeps
 * tracking dead weights — that momentum decides regrowth; weights are re-masked after every step.
 * The momentum is read from the optimizer's {@code state.<param>.momentum_buffer} (SGD with momentum).
 */
public final class SparseMomentumCallback implements TrainingCallback {

    private final MaskSet masks;
    private final double sparsity, initialPruneRate;
    private final long seed;
    private final List<List<SparseMomentum.LayerChange>> history = new ArrayList<>();

    public SparseMomentumCallback(MaskSet masks, double sparsity, double initialPruneRate, long seed) {
        this.masks = masks;
        this.sparsity = sparsity;
        this.initialPruneRate = initialPruneRate;
        this.seed = seed;
    }

    public MaskSet masks() { return masks; }

    /** What each redistribution step changed, per layer. */
    public List<List<SparseMomentum.LayerChange>> history() { return history; }

    @Override public void onTrainStart(TrainingContext ctx) {
        if (ctx.step() > 0) return; // resumed: masks come from the checkpoint
        Rng rng = new Rng(seed);
        for (PrunableLayer l : masks.layers()) {
            Tensor m = masks.mask(l);
            int n = m.numel(), keep = Math.max(1, (int) Math.round((1 - sparsity) * n));
            int[] perm = rng.permutation(n);
            float[] md = new float[n];
            for (int i = 0; i < keep; i++) md[perm[i]] = 1f;
            m.copyFrom(Tensor.of(md, m.shape()));
        }
        masks.applyToWeights();
    }

    @Override public void afterStep(TrainingContext ctx) { masks.applyToWeights(); }

    @Override public void onEpochEnd(TrainingContext ctx) {
        if (ctx.epoch() + 1 >= ctx.epochs()) return;
        Map<String, Tensor> state = ctx.optimizer().stateDict();
        List<Tensor> w = new ArrayList<>(), m = new ArrayList<>(), mom = new ArrayList<>();
        for (PrunableLayer l : masks.layers()) {
            Tensor buf = state.get("state." + l.weightName() + ".momentum_buffer");
            if (buf == null) throw new IllegalStateException("sparse momentum needs SGD momentum buffers; none for " + l.weightName());
            w.add(l.weight().data());
            m.add(masks.mask(l));
            mom.add(buf);
        }
        double rate = SparseMomentum.cosinePruneRate(initialPruneRate, (ctx.epoch() + 1.0) / ctx.epochs());
        history.add(SparseMomentum.step(w, m, mom, rate));
    }
}
