package dev.shears.experiments.storage;

import dev.shears.autograd.Variable;
import dev.shears.codec.quant.CentroidGradient;
import dev.shears.codec.quant.QuantizedWeights;
import dev.shears.codec.quant.Quantizer;
import dev.shears.nn.train.TrainingCallback;
import dev.shears.nn.train.TrainingContext;
import dev.shears.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Retraining of shared weights after quantization (Marinò et al., arXiv 2108.12704 §3.2, after Han et al.
 * 2016 §3.1): every quantized weight tensor keeps its codebook and assignment; only the centroids learn.
 * Since each weight equals its centroid, the loss gradient of centroid l is the sum of the gradients of the
 * weights assigned to it ({@link CentroidGradient}); pruned weights (assignment
 * {@link QuantizedWeights#PRUNED}) have no centroid and stay exactly 0.
 *
 * <p>In each step, in {@link #afterBackward}: centroid gradients are computed from the weight gradients, the
 * centroids take one SGD step of their own — {@code v ← μ·v + g; c ← c − lr·v} (PyTorch's momentum form;
 * μ = 0 is plain SGD, the papers' setting; no weight decay, which would pull shared values towards 0 for
 * every weight at once) — the weights are rewritten as their centroids' values, and the weight gradients are
 * cleared. Choices where the papers are silent: the assignment stays fixed (no re-clustering), and the
 * weights are kept away from the model optimizer: build it over {@link #otherParameters} (biases and
 * batch-norm keep training as usual). Should the weights be passed to it anyway, their cleared gradients
 * make {@code Sgd} skip them, and {@link #afterStep} rewrites them from the centroids, so they can never
 * drift from the codebook.
 *
 * <p>The gradient is a sum over a cluster, so its scale grows with the cluster size: the centroid learning
 * rate must be much smaller than a weight learning rate (the study's default is 1e-4; see
 * {@code StorageStudy}).
 */
public final class CentroidFineTuning implements TrainingCallback {

    /** One quantized weight tensor: the parameter, its codebook (mutable) and fixed assignment. */
    public static final class SharedWeights {
        private final String name;
        private final Variable weight;
        private final float[] centroids;
        private final int[] assignment;
        private final float[] velocity;

        SharedWeights(String name, Variable weight, QuantizedWeights q) {
            if (q.assignment().length != weight.data().numel()) {
                throw new IllegalArgumentException(name + ": assignment has " + q.assignment().length + " entries, weight "
                        + weight.data().numel());
            }
            this.name = name;
            this.weight = weight;
            this.centroids = q.centroids().clone();
            this.assignment = q.assignment();
            this.velocity = new float[centroids.length];
        }

        /** The parameter name, e.g. {@code features.0.weight}. */
        public String name() { return name; }

        /** The current codebook (a copy). */
        public float[] centroids() { return centroids.clone(); }

        /** Number of codebook levels. */
        public int levels() { return centroids.length; }

        /** The current codebook and the fixed assignment. */
        public QuantizedWeights quantized() { return new QuantizedWeights(centroids.clone(), assignment); }

        /** Writes every weight as its centroid's value (0 where pruned). */
        void writeWeights() {
            Tensor w = weight.data();
            float[] d = w.data();
            int off = w.offset();
            for (int i = 0; i < assignment.length; i++) {
                int a = assignment[i];
                d[off + i] = a == QuantizedWeights.PRUNED ? 0f : centroids[a];
            }
        }

        void step(double lr, double momentum) {
            Tensor g = weight.grad();
            if (g == null) return;
            float[] cg = CentroidGradient.of(g.toArray(), assignment, centroids.length);
            for (int l = 0; l < centroids.length; l++) {
                velocity[l] = (float) (momentum * velocity[l] + cg[l]);
                centroids[l] -= (float) (lr * velocity[l]);
            }
            weight.zeroGrad();
            writeWeights();
        }
    }

    private final List<SharedWeights> layers;
    private final double lr, momentum;

    private CentroidFineTuning(List<SharedWeights> layers, double lr, double momentum) {
        if (!(lr >= 0) || !(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("need lr >= 0 and momentum in [0, 1), got " + lr + ", " + momentum);
        }
        this.layers = layers;
        this.lr = lr;
        this.momentum = momentum;
    }

    /**
     * Quantizes the named weight parameters of {@code params} in place with {@code quantizer} ({@code levels}
     * centroids per tensor) and returns the callback that fine-tunes their centroids.
     *
     * @param params   the model's named parameters
     * @param weights  names of the parameters to quantize, in order
     * @param lr       centroid learning rate
     * @param momentum centroid momentum μ in [0, 1)
     */
    public static CentroidFineTuning quantize(Map<String, Variable> params, List<String> weights, Quantizer quantizer, int levels,
                                              double lr, double momentum) {
        List<SharedWeights> layers = new ArrayList<>();
        for (String name : weights) {
            Variable v = params.get(name);
            if (v == null) throw new IllegalArgumentException("no parameter " + name);
            SharedWeights s = new SharedWeights(name, v, quantizer.quantize(v.data().toArray(), levels));
            s.writeWeights();
            layers.add(s);
        }
        return new CentroidFineTuning(layers, lr, momentum);
    }

    /** The quantized tensors, in order. */
    public List<SharedWeights> layers() { return Collections.unmodifiableList(layers); }

    /** The parameters of {@code params} that are not quantized here (what the model optimizer should train). */
    public Map<String, Variable> otherParameters(Map<String, Variable> params) {
        Set<String> shared = new java.util.HashSet<>();
        for (SharedWeights s : layers) shared.add(s.name);
        Map<String, Variable> out = new LinkedHashMap<>();
        params.forEach((k, v) -> { if (!shared.contains(k)) out.put(k, v); });
        return out;
    }

    @Override public void afterBackward(TrainingContext ctx) {
        for (SharedWeights s : layers) s.step(lr, momentum);
    }

    @Override public void afterStep(TrainingContext ctx) {
        for (SharedWeights s : layers) s.writeWeights();
    }
}
