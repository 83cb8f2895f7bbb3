package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Parallel;
import dev.shears.tensor.Shape;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.kernels.Kernels;
import dev.shears.tensor.kernels.KernelProvider;

/**
 * Batch normalisation over the channels of [N, C, H, W] (Ioffe and Szegedy, ICML 2015, Algorithm 1 and
 * §3.2 for convolutions), with PyTorch's conventions:
 * <ul>
 *   <li>training: normalise with the batch mean and the <em>biased</em> batch variance over (N, H, W); update
 *       {@code running = (1 − momentum)·running + momentum·batch}, using the <em>unbiased</em> variance
 *       (× M/(M − 1), M = N·H·W) for the running variance;</li>
 *   <li>evaluation: normalise with the running statistics (a fixed affine map).</li>
 * </ul>
 * Statistics are summed per plane in float (on the {@link Kernels}) and across planes in double; the
 * element-wise passes run in float as affine maps. Training backward (the paper's chain rule, simplified):
 * {@code ∂x = γ·σ⁻¹/M · (M·gy − Σgy − x̂·Σ(gy·x̂))}, {@code ∂γ = Σ gy·x̂}, {@code ∂β = Σ gy}. Tasks are
 * channels, each reducing its own statistics in a fixed order.
 *
 * <p>{@link #applyRelu} is batch norm followed by ReLU as one node, for the Conv–BN–ReLU blocks of VGG and
 * MobileNet: the ReLU runs on each plane while it is still in cache, and the backward pass masks gy plane by
 * plane ({@code gy} where the output is positive, as {@link Relu} does with its input) instead of through a
 * separate tensor. The values are those of {@code Relu.apply(apply(...))} bitwise, with two passes over the
 * activations and two tensors fewer per block (batch norm and ReLU were 30% of a MobileNet training step).
 */
public final class BatchNorm2d extends Node {

    private static final Kernels K = KernelProvider.get();

    private final boolean training;
    private float[] mean, invStd; // per channel, as used in the forward pass
    private Tensor reluOut; // the output, when a ReLU is fused in: its positive elements pass the gradient

    private BatchNorm2d(Variable x, Variable gamma, Variable beta, boolean training, float[] mean, float[] invStd, Tensor reluOut) {
        super(x, gamma, beta);
        this.training = training;
        this.mean = mean;
        this.invStd = invStd;
        this.reluOut = reluOut;
    }

    /**
     * x: [N, C, H, W], gamma/beta: [C] (or null for no affine), runningMean/runningVar: [C] (updated in
     * place when training; may be null in training, then no running statistics are kept) → y: same as x.
     */
    public static Variable apply(Variable x, Variable gamma, Variable beta, Tensor runningMean, Tensor runningVar,
                                 boolean training, float momentum, float eps) {
        return apply(x, gamma, beta, runningMean, runningVar, training, momentum, eps, false);
    }

    /** {@code max(0, batchNorm2d(x))} as one node; arguments as {@link #apply}. */
    public static Variable applyRelu(Variable x, Variable gamma, Variable beta, Tensor runningMean, Tensor runningVar,
                                     boolean training, float momentum, float eps) {
        return apply(x, gamma, beta, runningMean, runningVar, training, momentum, eps, true);
    }

    private static Variable apply(Variable x, Variable gamma, Variable beta, Tensor runningMean, Tensor runningVar,
                                  boolean training, float momentum, float eps, boolean relu) {
        Tensor X = x.data();
        if (X.rank() != 4) throw new IllegalArgumentException("batchNorm2d: x " + Shape.str(X.shape()));
        int n = X.dim(0), c = X.dim(1), p = X.dim(2) * X.dim(3);
        checkVector("gamma", gamma == null ? null : gamma.data(), c);
        checkVector("beta", beta == null ? null : beta.data(), c);
        checkVector("running_mean", runningMean, c);
        checkVector("running_var", runningVar, c);
        if (!training && (runningMean == null || runningVar == null)) {
            throw new IllegalArgumentException("batchNorm2d: evaluation needs running statistics");
        }
        long m = (long) n * p;
        if (training && m < 2) throw new IllegalArgumentException("batchNorm2d: training needs more than 1 value per channel, got " + Shape.str(X.shape()));
        float[] mean = new float[c], invStd = new float[c];
        Tensor y = Tensor.zeros(X.shape());
        float[] xd = X.data(), yd = y.data();
        int xo = X.offset();
        Parallel.forEach(c, ch -> {
            double mu, var;
            if (training) {
                double sum = 0;
                for (int i = 0; i < n; i++) sum += K.sum(xd, xo + (i * c + ch) * p, p);
                mu = sum / m;
                double ss = 0;
                for (int i = 0; i < n; i++) ss += K.centredSquares(xd, xo + (i * c + ch) * p, (float) mu, p);
                var = ss / m;
                if (runningMean != null) {
                    float[] rm = runningMean.data();
                    int r = runningMean.offset() + ch;
                    rm[r] = (float) ((1 - momentum) * rm[r] + momentum * mu);
                }
                if (runningVar != null) {
                    float[] rv = runningVar.data();
                    int r = runningVar.offset() + ch;
                    rv[r] = (float) ((1 - momentum) * rv[r] + momentum * (ss / (m - 1)));
                }
            } else {
                mu = runningMean.data()[runningMean.offset() + ch];
                var = runningVar.data()[runningVar.offset() + ch];
            }
            double is = 1.0 / Math.sqrt(var + eps);
            mean[ch] = (float) mu;
            invStd[ch] = (float) is;
            double gm = gamma == null ? 1 : gamma.data().data()[gamma.data().offset() + ch];
            double bt = beta == null ? 0 : beta.data().data()[beta.data().offset() + ch];
            float muF = (float) mu, scale = (float) (gm * is), shift = (float) bt; // y = (x − μ)·scale + β
            for (int i = 0; i < n; i++) {
                int base = (i * c + ch) * p;
                K.affine(xd, xo + base, muF, scale, shift, yd, base, p);
                if (relu) K.relu(yd, base, yd, base, p); // the plane is still in cache
            }
        });
        return record(y, () -> new BatchNorm2d(x, gamma, beta, training, mean, invStd, relu ? y : null), x, gamma, beta);
    }

    private static void checkVector(String name, Tensor t, int c) {
        if (t != null && (t.rank() != 1 || t.dim(0) != c)) {
            throw new IllegalArgumentException("batchNorm2d: " + name + " " + Shape.str(t.shape()) + " for " + c + " channels");
        }
    }

    @Override protected Tensor[] backward(Tensor gy) {
        Tensor X = input(0).data();
        Variable gammaVar = input(1);
        int n = X.dim(0), c = X.dim(1), p = X.dim(2) * X.dim(3);
        long m = (long) n * p;
        boolean wantX = needsGrad(0), wantG = needsGrad(1), wantB = needsGrad(2);
        Tensor gx = wantX ? Tensor.zeros(X.shape()) : null;
        Tensor gg = wantG ? Tensor.zeros(c) : null, gb = wantB ? Tensor.zeros(c) : null;
        float[] xd = X.data(), gyd = gy.data();
        int xo = X.offset(), go = gy.offset();
        float[] outd = reluOut == null ? null : reluOut.data();
        Parallel.forEach(c, ch -> {
            double mu = mean[ch], is = invStd[ch];
            // With a fused ReLU the channel's planes of gy are masked once (as Relu.backward would) into a
            // scratch of n planes, plane i at i·p, and both passes read them there; otherwise gy in place.
            float[] g = outd == null ? gyd : Scratch.get(Scratch.PLANES, n * p);
            // Σ gy and Σ gy·x̂ = σ⁻¹·Σ gy·(x − μ) (centred, so a large mean cannot cancel digits away)
            double sumG = 0, sumGc = 0;
            for (int i = 0; i < n; i++) {
                int base = (i * c + ch) * p, gAt = g == gyd ? go + base : i * p;
                if (g != gyd) K.reluGrad(outd, base, gyd, go + base, g, gAt, p);
                sumG += K.sum(g, gAt, p);
                sumGc += K.centredDot(g, gAt, xd, xo + base, (float) mu, p);
            }
            double sumGX = is * sumGc;
            if (wantG) gg.data()[ch] = (float) sumGX;
            if (wantB) gb.data()[ch] = (float) sumG;
            if (!wantX) return;
            double gm = gammaVar == null ? 1 : gammaVar.data().data()[gammaVar.data().offset() + ch];
            // training: ∂x = k·(gy − Σgy/M − x̂·Σ(gy·x̂)/M) with k = γσ⁻¹, i.e. ∂x = ((x − μ)·b + e) + k·gy
            // evaluation: ∂x = k·gy
            double k = gm * is;
            float kf = (float) k, muF = (float) mu;
            float bf = training ? (float) (-k * is * sumGX / m) : 0f, ef = training ? (float) (-k * sumG / m) : 0f;
            float[] d = gx.data();
            for (int i = 0; i < n; i++) {
                int base = (i * c + ch) * p, gAt = g == gyd ? go + base : i * p;
                K.affine(xd, xo + base, muF, bf, ef, d, base, p); // plane-sized, so the axpy finds it in cache
                K.axpy(kf, g, gAt, d, base, p);
            }
        });
        return new Tensor[] {gx, gg, gb};
    }

    @Override protected void release() {
        mean = null;
        invStd = null;
        reluOut = null;
    }
}
