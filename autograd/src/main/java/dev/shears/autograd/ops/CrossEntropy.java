package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Shape;
import dev.shears.tensor.Tensor;

/**
 * Mean cross-entropy of logits against class indices, with optional label smoothing ε (Szegedy et al.,
 * "Rethinking the Inception Architecture for Computer Vision", CVPR 2016, §7), as PyTorch's
 * {@code F.cross_entropy(x, t, label_smoothing=ε)}: the target distribution is
 * {@code q = (1 − ε)·onehot(t) + ε/K}, the loss of row i is {@code −Σ_k q_k·log softmax(x_i)_k}, averaged
 * over the N rows. Gradient: {@code ∂x_i = (softmax(x_i) − q)·gy / N}.
 */
public final class CrossEntropy extends Node {

    private final int[] targets;
    private final float smoothing;
    private Tensor logProb;

    private CrossEntropy(Variable x, int[] targets, float smoothing, Tensor logProb) {
        super(x);
        this.targets = targets;
        this.smoothing = smoothing;
        this.logProb = logProb;
    }

    /** Without label smoothing. x: [N, K], targets: N indices in [0, K) → scalar []. */
    public static Variable apply(Variable x, int[] targets) { return apply(x, targets, 0f); }

    /** x: [N, K] logits, targets: N class indices in [0, K), smoothing ε ∈ [0, 1] → scalar []. */
    public static Variable apply(Variable x, int[] targets, float smoothing) {
        Tensor X = x.data();
        if (X.rank() != 2 || X.dim(0) != targets.length) {
            throw new IllegalArgumentException("crossEntropy: logits " + Shape.str(X.shape()) + " for " + targets.length + " targets");
        }
        if (!(smoothing >= 0f && smoothing <= 1f)) throw new IllegalArgumentException("crossEntropy: label smoothing " + smoothing);
        int n = X.dim(0), k = X.dim(1);
        for (int t : targets) {
            if (t < 0 || t >= k) throw new IllegalArgumentException("crossEntropy: target " + t + " outside [0, " + k + ")");
        }
        Tensor logProb = Softmax.forward(X, 1, true);
        float[] lp = logProb.data();
        double total = 0;
        for (int i = 0; i < n; i++) {
            double rowAll = 0;
            for (int j = 0; j < k; j++) rowAll += lp[i * k + j];
            total += -(1.0 - smoothing) * lp[i * k + targets[i]] - smoothing / k * rowAll;
        }
        Tensor y = Tensor.scalar((float) (total / n));
        int[] t = targets.clone();
        return record(y, () -> new CrossEntropy(x, t, smoothing, logProb), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        int n = logProb.dim(0), k = logProb.dim(1);
        float scale = gy.item() / n;
        float uniform = smoothing / k;
        Tensor gx = Tensor.zeros(n, k);
        float[] lp = logProb.data(), d = gx.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                float q = uniform + (j == targets[i] ? 1f - smoothing : 0f);
                d[i * k + j] = ((float) Math.exp(lp[i * k + j]) - q) * scale;
            }
        }
        return new Tensor[] {gx};
    }

    @Override protected void release() { logProb = null; }
}
