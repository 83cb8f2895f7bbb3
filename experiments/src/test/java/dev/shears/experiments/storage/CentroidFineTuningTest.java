package dev.shears.experiments.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shears.autograd.Variable;
import dev.shears.codec.quant.KMeansQuantizer;
import dev.shears.codec.quant.QuantizedWeights;
import dev.shears.nn.Flatten;
import dev.shears.nn.Linear;
import dev.shears.nn.Sequential;
import dev.shears.nn.data.DataLoader;
import dev.shears.nn.data.EmbeddedFashionMnist;
import dev.shears.nn.data.ImageDataset;
import dev.shears.nn.optim.Sgd;
import dev.shears.nn.train.Evaluator;
import dev.shears.nn.train.Trainer;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Centroid fine-tuning: the update rule, codebook membership of every weight, pruned zeros, lower loss. */
class CentroidFineTuningTest {

    static final ImageDataset TRAIN = EmbeddedFashionMnist.train().firstPerClass(30); // 300 images

    static Sequential trainedNet() {
        Sequential net = new Sequential(new Flatten(), new Linear(28 * 28, 10, new Rng(3)));
        DataLoader loader = DataLoader.builder(TRAIN).batchSize(30).shuffle(true).seed(1).prefetch(0).build();
        Trainer.builder(net, new Sgd(net.namedParameters(), 0.1, 0.9, 0), loader).epochs(3).build().fit();
        return net;
    }

    /** Half of the weights, the smallest in magnitude, set to 0 (a pruned layer). */
    static void pruneHalf(Tensor w) {
        float[] a = w.toArray();
        float[] mags = new float[a.length];
        for (int i = 0; i < a.length; i++) mags[i] = Math.abs(a[i]);
        Arrays.sort(mags);
        float threshold = mags[a.length / 2];
        for (int i = 0; i < a.length; i++) if (Math.abs(w.data()[w.offset() + i]) < threshold) w.data()[w.offset() + i] = 0f;
    }

    static double trainLoss(Sequential net) {
        return Evaluator.evaluate(net, DataLoader.builder(TRAIN).batchSize(100).shuffle(false).prefetch(0).build()).loss();
    }

    @Test void oneStepMovesEachCentroidBySumOfItsWeightGradients() {
        Variable w = Variable.param(Tensor.of(new float[] {0.1f, 0f, 0.11f, -0.5f, -0.52f, 0f}, 2, 3));
        CentroidFineTuning ft = CentroidFineTuning.quantize(Map.of("w", w), List.of("w"), new KMeansQuantizer(), 2, 0.5, 0);
        float[] before = ft.layers().get(0).centroids();
        QuantizedWeights q = ft.layers().get(0).quantized();
        float[] grad = {1f, 7f, 3f, -2f, 4f, 9f};
        w.setGrad(Tensor.of(grad, 2, 3));
        ft.afterBackward(null);
        float[] after = ft.layers().get(0).centroids();
        for (int l = 0; l < before.length; l++) {
            double sum = 0;
            for (int i = 0; i < grad.length; i++) if (q.assignment()[i] == l) sum += grad[i];
            assertEquals(before[l] - 0.5 * sum, after[l], 1e-6, "centroid " + l);
        }
        float[] wd = w.data().toArray();
        assertEquals(0f, wd[1]);
        assertEquals(0f, wd[5]);
        for (int i = 0; i < wd.length; i++) if (q.assignment()[i] >= 0) assertEquals(after[q.assignment()[i]], wd[i]);
        assertNull(w.grad(), "weight gradients are consumed so no optimizer moves the weights");
    }

    @Test void fineTuningCentroidsLowersTheLossAndKeepsWeightsOnTheCodebook() {
        Sequential net = trainedNet();
        Map<String, Variable> params = net.namedParameters();
        Tensor w = params.get("1.weight").data();
        pruneHalf(w);
        boolean[] pruned = new boolean[w.numel()];
        for (int i = 0; i < pruned.length; i++) pruned[i] = w.data()[w.offset() + i] == 0f;
        int k = 4;
        CentroidFineTuning ft = CentroidFineTuning.quantize(params, List.of("1.weight"), new KMeansQuantizer(), k, 1e-4, 0.9);
        double quantizedLoss = trainLoss(net);

        DataLoader loader = DataLoader.builder(TRAIN).batchSize(30).shuffle(true).seed(2).prefetch(0).build();
        Sgd others = new Sgd(ft.otherParameters(params), 0.01, 0.9, 0);
        Trainer.builder(net, others, loader).epochs(3).callback(ft).build().fit();
        double tunedLoss = trainLoss(net);
        assertTrue(tunedLoss < quantizedLoss, "loss after centroid fine-tuning " + tunedLoss + " vs quantized " + quantizedLoss);

        float[] c = ft.layers().get(0).centroids();
        assertTrue(c.length <= k);
        Set<Float> codebook = new HashSet<>();
        for (float v : c) codebook.add(v);
        Set<Float> seen = new HashSet<>();
        for (int i = 0; i < pruned.length; i++) {
            float v = w.data()[w.offset() + i];
            if (pruned[i]) assertEquals(0f, v, "pruned weight " + i + " stays 0");
            else assertTrue(codebook.contains(v), "weight " + i + " = " + v + " is not a centroid");
            if (v != 0f) seen.add(v);
        }
        assertTrue(seen.size() <= k, seen.size() + " distinct nonzero weights");
    }
}
