package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Parallel;
import dev.shears.tensor.Shape;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.kernels.Kernels;
import dev.shears.tensor.kernels.KernelProvider;
import java.util.Arrays;

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

    /**
     * Planes shorter than this many values (MobileNet's and VGG's late 8×8, 7×7, 4×4, 2×2 maps) are processed
     * in blocks of whole channels: per-plane kernel calls on 4 or 16 values run almost entirely in scalar
     * tails and call overhead. Measured on 2 threads (medians of three A/B rounds): a mobilenetv1-cifar step
     * went from 928 to 866 ms with blocks for planes under 256 values, but only to 903 ms for planes under 64;
     * with 14×14 planes (196) in blocks a vgg-small step was 2–3% slower than plane by plane.
     */
    static final int SMALL_PLANE = 128;

    /** The length a block's run of channels should reach: {@link #channelsPerBlock} channels per block. */
    static final int BLOCK_FLOATS = 256;

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
        float[] mean = new float[c], invStd = new float[c], scale = new float[c], shift = new float[c];
        Tensor y = Tensor.empty(X.shape());
        float[] xd = X.data(), yd = y.data();
        int xo = X.offset();
        // settles channel ch from its batch statistics: mean, σ⁻¹, running statistics, y = (x − μ)·scale + shift
        ChannelStats settle = (ch, sum, centredSquares) -> {
            double mu, var;
            if (training) {
                mu = sum / m;
                var = centredSquares / m;
                if (runningMean != null) {
                    float[] rm = runningMean.data();
                    int r = runningMean.offset() + ch;
                    rm[r] = (float) ((1 - momentum) * rm[r] + momentum * mu);
                }
                if (runningVar != null) {
                    float[] rv = runningVar.data();
                    int r = runningVar.offset() + ch;
                    rv[r] = (float) ((1 - momentum) * rv[r] + momentum * (centredSquares / (m - 1)));
                }
            } else {
                mu = runningMean.data()[runningMean.offset() + ch];
                var = runningVar.data()[runningVar.offset() + ch];
            }
            double is = 1.0 / Math.sqrt(var + eps);
            double gm = gamma == null ? 1 : gamma.data().data()[gamma.data().offset() + ch];
            double bt = beta == null ? 0 : beta.data().data()[beta.data().offset() + ch];
            mean[ch] = (float) mu;
            invStd[ch] = (float) is;
            scale[ch] = (float) (gm * is);
            shift[ch] = (float) bt;
        };
        if (p < SMALL_PLANE) {
            int cb = channelsPerBlock(p);
            Parallel.forEach((c + cb - 1) / cb, blk -> forwardBlock(xd, xo, yd, n, c, p, blk * cb, Math.min(c, blk * cb + cb), training, relu,
                    settle, mean, scale, shift));
        } else {
            Parallel.forEach(c, ch -> {
                if (training) {
                    double sum = 0;
                    for (int i = 0; i < n; i++) sum += K.sum(xd, xo + (i * c + ch) * p, p);
                    float mu = (float) (sum / m);
                    double ss = 0;
                    for (int i = 0; i < n; i++) ss += K.centredSquares(xd, xo + (i * c + ch) * p, mu, p);
                    settle.accept(ch, sum, ss);
                } else {
                    settle.accept(ch, 0, 0);
                }
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * p;
                    K.affine(xd, xo + base, mean[ch], scale[ch], shift[ch], yd, base, p);
                    if (relu) K.relu(yd, base, yd, base, p); // the plane is still in cache
                }
            });
        }
        return record(y, () -> new BatchNorm2d(x, gamma, beta, training, mean, invStd, relu ? y : null), x, gamma, beta);
    }

    /** Settles one channel from its sum and centred sum of squares over the batch (unused in evaluation). */
    @FunctionalInterface
    private interface ChannelStats {
        void accept(int ch, double sum, double centredSquares);
    }

    /** Channels per block for planes of {@code p} values: enough for runs of at least {@link #BLOCK_FLOATS}. */
    static int channelsPerBlock(int p) { return (BLOCK_FLOATS + p - 1) / p; }

    /**
     * Forward over channels [c0, c1) of planes shorter than {@link #SMALL_PLANE}: for each image the block
     * is one contiguous run {@code x[i, c0..c1, :]} of {@code len = (c1 − c0)·p} values, so the kernels run
     * over whole vectors instead of a tail per plane. Statistics accumulate per position across the images in
     * float, then per channel across its p positions in double; the element-wise pass repeats each channel's
     * parameters over its plane (scratch rows mu, scale, shift).
     */
    private static void forwardBlock(float[] xd, int xo, float[] yd, int n, int c, int p, int c0, int c1, boolean training, boolean relu,
                                     ChannelStats settle, float[] mean, float[] scale, float[] shift) {
        int len = (c1 - c0) * p;
        float[] acc = Scratch.get(Scratch.BLOCK_ACC, len), mu = Scratch.get(Scratch.BLOCK_A, len);
        float[] sc = Scratch.get(Scratch.BLOCK_B, len), sh = Scratch.get(Scratch.BLOCK_C, len);
        if (training) {
            Arrays.fill(acc, 0, len, 0f);
            for (int i = 0; i < n; i++) K.add(acc, 0, xd, xo + (i * c + c0) * p, acc, 0, len);
            double[] sums = new double[c1 - c0];
            for (int ch = c0; ch < c1; ch++) {
                int at = (ch - c0) * p;
                double sum = 0;
                for (int j = 0; j < p; j++) sum += acc[at + j];
                sums[ch - c0] = sum;
                Arrays.fill(mu, at, at + p, (float) (sum / ((long) n * p)));
            }
            Arrays.fill(acc, 0, len, 0f);
            for (int i = 0; i < n; i++) K.addCentredSquares(xd, xo + (i * c + c0) * p, mu, 0, acc, 0, len);
            for (int ch = c0; ch < c1; ch++) {
                int at = (ch - c0) * p;
                double ss = 0;
                for (int j = 0; j < p; j++) ss += acc[at + j];
                settle.accept(ch, sums[ch - c0], ss);
            }
        } else {
            for (int ch = c0; ch < c1; ch++) settle.accept(ch, 0, 0);
        }
        for (int ch = c0; ch < c1; ch++) {
            int at = (ch - c0) * p;
            if (!training) Arrays.fill(mu, at, at + p, mean[ch]); // in training mu already holds the batch means
            Arrays.fill(sc, at, at + p, scale[ch]);
            Arrays.fill(sh, at, at + p, shift[ch]);
        }
        for (int i = 0; i < n; i++) {
            int base = (i * c + c0) * p;
            K.affineEach(xd, xo + base, mu, sc, sh, 0, yd, base, len);
            if (relu) K.relu(yd, base, yd, base, len);
        }
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
        Tensor gx = wantX ? Tensor.empty(X.shape()) : null;
        Tensor gg = wantG ? Tensor.zeros(c) : null, gb = wantB ? Tensor.zeros(c) : null;
        float[] xd = X.data(), gyd = gy.data();
        int xo = X.offset(), go = gy.offset();
        float[] outd = reluOut == null ? null : reluOut.data();
        Factors f = new Factors(c, gg, gb, gammaVar, m);
        if (p < SMALL_PLANE) {
            int cb = channelsPerBlock(p);
            Parallel.forEach((c + cb - 1) / cb, blk -> backwardBlock(xd, xo, gyd, go, outd, gx, f, n, c, p,
                    blk * cb, Math.min(c, blk * cb + cb)));
            return new Tensor[] {gx, gg, gb};
        }
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
            f.settle(ch, sumG, sumGc);
            if (gx == null) return;
            float[] d = gx.data();
            for (int i = 0; i < n; i++) {
                int base = (i * c + ch) * p, gAt = g == gyd ? go + base : i * p;
                K.affine(xd, xo + base, (float) mu, f.b[ch], f.e[ch], d, base, p); // plane-sized, so the axpy finds it in cache
                K.axpy(f.k[ch], g, gAt, d, base, p);
            }
        });
        return new Tensor[] {gx, gg, gb};
    }

    /**
     * The per-channel results of backward: γ and β gradients from Σgy and Σgy·(x − μ), and the factors k, b,
     * e of the input gradient. Training: ∂x = k·(gy − Σgy/M − x̂·Σ(gy·x̂)/M) with k = γσ⁻¹, i.e.
     * ∂x = ((x − μ)·b + e) + k·gy; evaluation: ∂x = k·gy (b = e = 0). Tasks settle disjoint channels.
     */
    private final class Factors {
        final float[] k, b, e;
        private final Tensor gg, gb;
        private final Variable gammaVar;
        private final long m;

        Factors(int c, Tensor gg, Tensor gb, Variable gammaVar, long m) {
            this.k = new float[c];
            this.b = new float[c];
            this.e = new float[c];
            this.gg = gg;
            this.gb = gb;
            this.gammaVar = gammaVar;
            this.m = m;
        }

        void settle(int ch, double sumG, double sumGc) {
            double is = invStd[ch], sumGX = is * sumGc; // Σ gy·x̂
            if (gg != null) gg.data()[ch] = (float) sumGX;
            if (gb != null) gb.data()[ch] = (float) sumG;
            double gm = gammaVar == null ? 1 : gammaVar.data().data()[gammaVar.data().offset() + ch];
            double kc = gm * is;
            k[ch] = (float) kc;
            b[ch] = training ? (float) (-kc * is * sumGX / m) : 0f;
            e[ch] = training ? (float) (-kc * sumG / m) : 0f;
        }
    }

    /**
     * Backward over channels [c0, c1) of small planes, laid out as in {@link #forwardBlock}: per image one run
     * of {@code len} values; Σgy and Σgy·(x − μ) accumulate per position, then per channel in double; the
     * input gradient repeats each channel's factors over its plane. With a fused ReLU, gy is masked once into
     * scratch (image i's run at i·len) and both passes read it there.
     */
    private void backwardBlock(float[] xd, int xo, float[] gyd, int go, float[] outd, Tensor gx, Factors f,
                               int n, int c, int p, int c0, int c1) {
        int len = (c1 - c0) * p;
        float[] accG = Scratch.get(Scratch.BLOCK_ACC, len), accGc = Scratch.get(Scratch.BLOCK_ACC2, len), mu = Scratch.get(Scratch.BLOCK_A, len);
        float[] kk = Scratch.get(Scratch.BLOCK_B, len), bb = Scratch.get(Scratch.BLOCK_C, len);
        float[] g = outd == null ? gyd : Scratch.get(Scratch.PLANES, n * len);
        for (int ch = c0; ch < c1; ch++) Arrays.fill(mu, (ch - c0) * p, (ch - c0 + 1) * p, mean[ch]);
        Arrays.fill(accG, 0, len, 0f);
        Arrays.fill(accGc, 0, len, 0f);
        for (int i = 0; i < n; i++) {
            int base = (i * c + c0) * p, gAt = g == gyd ? go + base : i * len;
            if (g != gyd) K.reluGrad(outd, base, gyd, go + base, g, gAt, len);
            K.add(accG, 0, g, gAt, accG, 0, len);
            K.addCentredProducts(g, gAt, xd, xo + base, mu, 0, accGc, 0, len);
        }
        float[] ee = accG; // Σgy is consumed channel by channel before its row is reused for the e factors
        for (int ch = c0; ch < c1; ch++) {
            int at = (ch - c0) * p;
            double sumG = 0, sumGc = 0;
            for (int j = 0; j < p; j++) {
                sumG += accG[at + j];
                sumGc += accGc[at + j];
            }
            f.settle(ch, sumG, sumGc);
            Arrays.fill(kk, at, at + p, f.k[ch]);
            Arrays.fill(bb, at, at + p, f.b[ch]);
            Arrays.fill(ee, at, at + p, f.e[ch]);
        }
        if (gx == null) return;
        float[] d = gx.data();
        for (int i = 0; i < n; i++) {
            int base = (i * c + c0) * p, gAt = g == gyd ? go + base : i * len;
            K.affineEach(xd, xo + base, mu, bb, ee, 0, d, base, len);
            K.addProducts(kk, 0, g, gAt, d, base, len);
        }
    }

    @Override protected void release() {
        mean = null;
        invStd = null;
        reluOut = null;
    }
}
