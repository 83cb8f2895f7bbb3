package dev.shears.prune.structure;

import dev.shears.nn.AdaptiveAvgPool2d;
import dev.shears.nn.AvgPool2d;
import dev.shears.nn.BatchNorm2d;
import dev.shears.nn.Conv2d;
import dev.shears.nn.Dropout;
import dev.shears.nn.Flatten;
import dev.shears.nn.Linear;
import dev.shears.nn.MaxPool2d;
import dev.shears.nn.Module;
import dev.shears.nn.ReLU;
import dev.shears.nn.ReLU6;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Physical removal of pruned filters: after filter pruning, every convolution whose output channel is
 * provably constant is rebuilt without that channel, together with what the channel flows through — the
 * batch norm that follows, pass-through ops, depthwise convolutions (MobileNet), up to the next consumer
 * (a convolution or, after Flatten, a linear layer), whose input channels are cut and whose bias absorbs
 * the channel's constant value. The rebuilt model computes the same function as the masked one in
 * evaluation mode, up to float rounding.
 *
 * <p>A channel is removed only when that is exact. Its value is traced as a per-channel constant from the
 * conv's bias through eval-mode batch norm ((c − μ)/√(σ² + ε)·γ + β), ReLU/ReLU6, pooling and dropout. A
 * non-zero constant can be absorbed by a consumer without padding (conv: Σ W[o, k, ·, ·]·c into its bias,
 * or into the running mean of the batch norm right after it if it has no bias; linear after Flatten or
 * global pooling: Σ W[o, block k]·c into its bias); through zero padding (padded conv consumer, padded
 * depthwise conv, average pooling counting the padding) only a zero constant survives. Channels that fail
 * the trace are kept. Masked training (fasterai's filter granularity) zeroes the filter, its bias and its
 * batch norm's scale and shift, so its constant is exactly 0 and it is always removable.
 *
 * <p>Models must be chains of {@link dev.shears.nn.Sequential}s; residual blocks are not entered.
 */
public final class FilterRemoval {

    /** What was removed from one convolution. */
    public record Removed(String conv, int before, int after) {}

    private FilterRemoval() {}

    /**
     * Removes dead filters from every convolution of {@code model} (in place: modules are swapped inside
     * their Sequentials). Returns what changed. The model should be in eval mode for an exact match.
     */
    public static List<Removed> apply(Module model) {
        List<Removed> out = new ArrayList<>();
        List<LeafChain.Link> chain = LeafChain.of(model);
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i).module() instanceof Conv2d c && c.groups == 1) {
                Removed r = removeFrom(chain, i);
                if (r != null) out.add(r);
                chain = LeafChain.of(model); // links were swapped
            }
        }
        return out;
    }

    private static boolean isDepthwise(Module m) {
        return m instanceof Conv2d c && c.groups > 1 && c.groups == c.inChannels && c.groups == c.outChannels;
    }

    private static Removed removeFrom(List<LeafChain.Link> chain, int producer) {
        Conv2d conv = (Conv2d) chain.get(producer).module();
        int channels = conv.outChannels;
        // 1. find the path to the consumer
        int consumer = -1;
        for (int j = producer + 1; j < chain.size(); j++) {
            Module m = chain.get(j).module();
            if (m instanceof BatchNorm2d || m instanceof ReLU || m instanceof ReLU6 || m instanceof MaxPool2d
                    || m instanceof AvgPool2d || m instanceof AdaptiveAvgPool2d || m instanceof Dropout
                    || m instanceof Flatten || isDepthwise(m)) continue;
            if ((m instanceof Conv2d c2 && c2.groups == 1 && c2.inChannels == channels) || m instanceof Linear) consumer = j;
            break;
        }
        if (consumer < 0) return null;
        // 2. trace each channel's constant; NaN means "not removable"
        double[] constant = new double[channels];
        float[] w = conv.weight().data().toArray();
        int per = w.length / channels;
        for (int k = 0; k < channels; k++) {
            boolean dead = true;
            for (int e = 0; e < per && dead; e++) dead = w[k * per + e] == 0f;
            constant[k] = dead ? (conv.bias() == null ? 0 : conv.bias().data().data()[k]) : Double.NaN;
        }
        boolean flattened = false;
        for (int j = producer + 1; j < consumer; j++) {
            Module m = chain.get(j).module();
            for (int k = 0; k < channels; k++) {
                double c = constant[k];
                if (Double.isNaN(c)) continue;
                if (m instanceof BatchNorm2d bn) {
                    c = (c - bn.runningMean().data()[k]) / Math.sqrt(bn.runningVar().data()[k] + bn.eps)
                            * bn.weight().data().data()[k] + bn.bias().data().data()[k];
                } else if (m instanceof ReLU) {
                    c = Math.max(c, 0);
                } else if (m instanceof ReLU6) {
                    c = Math.min(Math.max(c, 0), 6);
                } else if (m instanceof AvgPool2d ap) {
                    if (ap.padding > 0 && ap.countIncludePad && c != 0) c = Double.NaN;
                } else if (isDepthwise(m)) {
                    Conv2d dw = (Conv2d) m;
                    float[] dwW = dw.weight().data().toArray();
                    int kk = dw.kernel * dw.kernel;
                    double sum = 0;
                    for (int e = 0; e < kk; e++) sum += dwW[k * kk + e];
                    double b = dw.bias() == null ? 0 : dw.bias().data().data()[k];
                    c = c == 0 ? b : (dw.padding == 0 ? c * sum + b : Double.NaN);
                } else if (m instanceof Flatten) {
                    flattened = true;
                }
                constant[k] = c;
            }
        }
        Module cons = chain.get(consumer).module();
        BatchNorm2d afterConsumer = consumer + 1 < chain.size() && chain.get(consumer + 1).module() instanceof BatchNorm2d b ? b : null;
        for (int k = 0; k < channels; k++) {
            double c = constant[k];
            if (Double.isNaN(c) || c == 0) continue;
            if (cons instanceof Conv2d c2) {
                if (c2.padding > 0 || (c2.bias() == null && afterConsumer == null)) constant[k] = Double.NaN;
            } else if (cons instanceof Linear l) {
                if (l.bias() == null) constant[k] = Double.NaN;
            }
        }
        if (cons instanceof Linear l && !flattened && l.inFeatures != channels) return null;
        List<Integer> keep = new ArrayList<>();
        for (int k = 0; k < channels; k++) if (Double.isNaN(constant[k])) keep.add(k);
        if (keep.size() == channels) return null;
        if (keep.isEmpty()) keep.add(0); // never remove a layer entirely; channel 0 is kept as a (constant) channel
        int[] kept = keep.stream().mapToInt(Integer::intValue).toArray();
        boolean[] removed = new boolean[channels];
        java.util.Arrays.fill(removed, true);
        for (int k : kept) removed[k] = false;
        // 3. rebuild: consumer first (it needs the original weights to absorb the constants)
        LeafChain.Link consLink = chain.get(consumer);
        if (cons instanceof Conv2d c2) {
            consLink.replace(sliceConvInputs(c2, kept, removed, constant, afterConsumer));
        } else {
            Linear l = (Linear) cons;
            consLink.replace(sliceLinearInputs(l, channels, kept, removed, constant));
        }
        for (int j = producer + 1; j < consumer; j++) {
            LeafChain.Link link = chain.get(j);
            Module m = link.module();
            if (m instanceof BatchNorm2d bn) link.replace(sliceBatchNorm(bn, kept));
            else if (isDepthwise(m)) link.replace(sliceDepthwise((Conv2d) m, kept));
        }
        chain.get(producer).replace(sliceConvOutputs(conv, kept));
        return new Removed(chain.get(producer).name(), channels, kept.length);
    }

    private static final Rng SCRATCH = new Rng(0); // constructors draw an init that is overwritten at once

    private static Conv2d sliceConvOutputs(Conv2d c, int[] kept) {
        Conv2d n = new Conv2d(c.inChannels, kept.length, c.kernel, c.stride, c.padding, c.dilation, 1, c.bias() != null, SCRATCH);
        int per = c.weight().data().numel() / c.outChannels;
        float[] src = c.weight().data().toArray(), dst = n.weight().data().data();
        for (int i = 0; i < kept.length; i++) System.arraycopy(src, kept[i] * per, dst, i * per, per);
        if (c.bias() != null) for (int i = 0; i < kept.length; i++) n.bias().data().data()[i] = c.bias().data().data()[kept[i]];
        n.train(c.isTraining());
        return n;
    }

    private static Conv2d sliceDepthwise(Conv2d c, int[] kept) {
        Conv2d n = new Conv2d(kept.length, kept.length, c.kernel, c.stride, c.padding, c.dilation, kept.length, c.bias() != null, SCRATCH);
        int per = c.kernel * c.kernel;
        float[] src = c.weight().data().toArray(), dst = n.weight().data().data();
        for (int i = 0; i < kept.length; i++) System.arraycopy(src, kept[i] * per, dst, i * per, per);
        if (c.bias() != null) for (int i = 0; i < kept.length; i++) n.bias().data().data()[i] = c.bias().data().data()[kept[i]];
        n.train(c.isTraining());
        return n;
    }

    private static BatchNorm2d sliceBatchNorm(BatchNorm2d bn, int[] kept) {
        BatchNorm2d n = new BatchNorm2d(kept.length, bn.eps, bn.momentum);
        for (int i = 0; i < kept.length; i++) {
            int k = kept[i];
            n.weight().data().data()[i] = bn.weight().data().data()[k];
            n.bias().data().data()[i] = bn.bias().data().data()[k];
            n.runningMean().data()[i] = bn.runningMean().data()[k];
            n.runningVar().data()[i] = bn.runningVar().data()[k];
        }
        n.stateDict().get("num_batches_tracked").copyFrom(bn.stateDict().get("num_batches_tracked"));
        n.train(bn.isTraining());
        return n;
    }

    private static Conv2d sliceConvInputs(Conv2d c, int[] kept, boolean[] removed, double[] constant, BatchNorm2d after) {
        boolean bias = c.bias() != null;
        Conv2d n = new Conv2d(kept.length, c.outChannels, c.kernel, c.stride, c.padding, c.dilation, 1, bias, SCRATCH);
        int kk = c.kernel * c.kernel, in = c.inChannels;
        float[] src = c.weight().data().toArray(), dst = n.weight().data().data();
        double[] fold = new double[c.outChannels];
        for (int o = 0; o < c.outChannels; o++) {
            for (int i = 0; i < kept.length; i++) System.arraycopy(src, (o * in + kept[i]) * kk, dst, (o * kept.length + i) * kk, kk);
            for (int k = 0; k < in; k++) {
                if (!removed[k] || constant[k] == 0) continue;
                double s = 0;
                for (int e = 0; e < kk; e++) s += src[(o * in + k) * kk + e];
                fold[o] += s * constant[k];
            }
        }
        if (bias) {
            for (int o = 0; o < c.outChannels; o++) n.bias().data().data()[o] = (float) (c.bias().data().data()[o] + fold[o]);
        } else if (after != null) {
            // conv output lacks +fold; BN(y + fold) = BN'(y) with μ' = μ − fold
            for (int o = 0; o < c.outChannels; o++) after.runningMean().data()[o] -= (float) fold[o];
        }
        n.train(c.isTraining());
        return n;
    }

    private static Linear sliceLinearInputs(Linear l, int channels, int[] kept, boolean[] removed, double[] constant) {
        int block = l.inFeatures / channels;
        if (block * channels != l.inFeatures) throw new IllegalStateException("linear input " + l.inFeatures + " is not a multiple of " + channels + " channels");
        Linear n = new Linear(kept.length * block, l.outFeatures, l.bias() != null, SCRATCH);
        float[] src = l.weight().data().toArray(), dst = n.weight().data().data();
        int inNew = kept.length * block;
        for (int o = 0; o < l.outFeatures; o++) {
            for (int i = 0; i < kept.length; i++) System.arraycopy(src, o * l.inFeatures + kept[i] * block, dst, o * inNew + i * block, block);
            if (l.bias() != null) {
                double fold = 0;
                for (int k = 0; k < channels; k++) {
                    if (!removed[k] || constant[k] == 0) continue;
                    for (int e = 0; e < block; e++) fold += src[o * l.inFeatures + k * block + e] * constant[k];
                }
                n.bias().data().data()[o] = (float) (l.bias().data().data()[o] + fold);
            }
        }
        n.train(l.isTraining());
        return n;
    }
}
