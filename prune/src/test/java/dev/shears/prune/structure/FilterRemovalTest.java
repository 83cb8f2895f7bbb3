package dev.shears.prune.structure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.autograd.NoGrad;
import dev.shears.autograd.Variable;
import dev.shears.nn.AdaptiveAvgPool2d;
import dev.shears.nn.BatchNorm2d;
import dev.shears.nn.Conv2d;
import dev.shears.nn.Flatten;
import dev.shears.nn.Linear;
import dev.shears.nn.MaxPool2d;
import dev.shears.nn.Module;
import dev.shears.nn.ReLU;
import dev.shears.nn.ReLU6;
import dev.shears.nn.Sequential;
import dev.shears.prune.LayerSelector;
import dev.shears.prune.Prune;
import dev.shears.prune.score.Criterion;
import dev.shears.prune.score.Granularity;
import dev.shears.prune.score.MaskSelector.Scope;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Property: structured removal preserves the eval-mode logits of the filter-pruned model (within 1e-5). */
class FilterRemovalTest {

    private static Sequential vggLike(Rng rng) {
        return new Sequential(
                new Sequential(new Conv2d(3, 8, 3, 1, 1, rng), new BatchNorm2d(8), new ReLU(),
                        new Conv2d(8, 12, 3, 1, 1, rng), new BatchNorm2d(12), new ReLU(), new MaxPool2d(2)),
                new Flatten(), new Linear(12 * 4 * 4, 10, rng), new ReLU(), new Linear(10, 4, rng));
    }

    private static Sequential mobileNetLike(Rng rng) {
        return new Sequential(
                new Conv2d(3, 8, 3, 1, 1, 1, 1, false, rng), new BatchNorm2d(8), new ReLU6(),
                new Sequential(new Conv2d(8, 8, 3, 1, 1, 1, 8, false, rng), new BatchNorm2d(8), new ReLU6(),
                        new Conv2d(8, 16, 1, 1, 0, 1, 1, false, rng), new BatchNorm2d(16), new ReLU6()),
                new Sequential(new Conv2d(16, 16, 3, 2, 1, 1, 16, false, rng), new BatchNorm2d(16), new ReLU6(),
                        new Conv2d(16, 12, 1, 1, 0, 1, 1, false, rng), new BatchNorm2d(12), new ReLU6()),
                new AdaptiveAvgPool2d(1, 1), new Flatten(), new Linear(12, 4, rng));
    }

    /** Random BN statistics so that constants through BN are non-trivial. */
    private static void randomiseBatchNorms(Module m, Rng rng) {
        for (Module x : m.namedModules().values()) {
            if (x instanceof BatchNorm2d bn) {
                for (int i = 0; i < bn.numFeatures; i++) {
                    bn.weight().data().data()[i] = 0.5f + rng.nextFloat();
                    bn.bias().data().data()[i] = rng.nextFloat() - 0.5f;
                    bn.runningMean().data()[i] = rng.nextFloat() - 0.5f;
                    bn.runningVar().data()[i] = 0.5f + rng.nextFloat();
                }
            }
        }
    }

    private static Tensor logits(Module m, Tensor x) {
        try (var g = NoGrad.scope()) {
            return m.forward(Variable.constant(x)).data().copy();
        }
    }

    private static int params(Module m) {
        return m.parameters().stream().mapToInt(v -> v.data().numel()).sum();
    }

    private static void checkPreserved(Module net, Tensor x, double sparsity, boolean expectRemoval) {
        Prune.prune(net, Criterion.LARGE_FINAL, Granularity.FILTER, Scope.LOCAL, LayerSelector.convOnly(), sparsity, 0);
        net.eval();
        Tensor before = logits(net, x);
        int p0 = params(net);
        List<FilterRemoval.Removed> removed = FilterRemoval.apply(net);
        Tensor after = logits(net, x);
        float[] a = before.toArray(), b = after.toArray();
        for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-5 * Math.max(1, Math.abs(a[i])), "logit " + i);
        if (expectRemoval) {
            assertTrue(!removed.isEmpty(), "something was removed");
            assertTrue(params(net) < p0, "fewer parameters");
        }
    }

    @Test
    void vggLikeChainKeepsItsLogits() {
        qt().withExamples(20).forAll(longs().all(), doubles().between(0.1, 0.9)).checkAssert((seed, s) -> {
            Rng rng = new Rng(seed);
            Sequential net = vggLike(rng);
            randomiseBatchNorms(net, rng);
            checkPreserved(net, Tensor.normal(rng, 0, 1, 2, 3, 8, 8), s, s >= 0.2);
        });
    }

    @Test
    void mobileNetLikeChainWithDepthwiseConvsKeepsItsLogits() {
        qt().withExamples(20).forAll(longs().all(), doubles().between(0.1, 0.9)).checkAssert((seed, s) -> {
            Rng rng = new Rng(seed);
            Sequential net = mobileNetLike(rng);
            randomiseBatchNorms(net, rng);
            checkPreserved(net, Tensor.normal(rng, 0, 1, 2, 3, 8, 8), s, s >= 0.2);
        });
    }

    @Test
    void deadFilterWithNonZeroBiasIsFoldedIntoTheConsumer() {
        Rng rng = new Rng(21);
        Sequential net = vggLike(rng);
        randomiseBatchNorms(net, rng);
        // zero two filters of the second conv but keep their bias and BN: the channel is a non-zero constant
        Conv2d conv = (Conv2d) ((Sequential) net.get(0)).get(3);
        float[] w = conv.weight().data().data();
        for (int k : new int[] {2, 7}) java.util.Arrays.fill(w, k * 8 * 9, (k + 1) * 8 * 9, 0f);
        conv.bias().data().data()[2] = 3f; // BN then ReLU then max-pool: a positive constant reaches the linear
        net.eval();
        Tensor x = Tensor.normal(rng, 0, 1, 2, 3, 8, 8);
        Tensor before = logits(net, x);
        List<FilterRemoval.Removed> removed = FilterRemoval.apply(net);
        assertEquals(List.of(new FilterRemoval.Removed("0.3", 12, 10)), removed);
        float[] a = before.toArray(), b = logits(net, x).toArray();
        for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-5 * Math.max(1, Math.abs(a[i])));
        assertEquals(10 * 16, ((Linear) net.get(2)).inFeatures);
    }
}
