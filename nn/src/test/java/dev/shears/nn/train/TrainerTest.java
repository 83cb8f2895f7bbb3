package dev.shears.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shears.nn.BatchNorm2d;
import dev.shears.nn.Conv2d;
import dev.shears.nn.Dropout;
import dev.shears.nn.Flatten;
import dev.shears.nn.Linear;
import dev.shears.nn.MaxPool2d;
import dev.shears.nn.Module;
import dev.shears.nn.ReLU;
import dev.shears.nn.Sequential;
import dev.shears.nn.checkpoint.TrainingCheckpoint;
import dev.shears.nn.data.DataLoader;
import dev.shears.nn.data.EmbeddedFashionMnist;
import dev.shears.nn.data.ImageDataset;
import dev.shears.nn.optim.OneCycleLr;
import dev.shears.nn.optim.Sgd;
import dev.shears.tensor.Parallel;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop: determinism, exact resume, divergence reports, clipping, early stopping, callback order. */
class TrainerTest {

    static final ImageDataset TRAIN = EmbeddedFashionMnist.train().firstPerClass(24); // 240 images
    static final ImageDataset TEST = EmbeddedFashionMnist.test().firstPerClass(10);

    /** conv-BN-ReLU-pool, dropout, linear: every kind of state a checkpoint must carry. */
    static Sequential tinyNet(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(new Conv2d(1, 4, 3, 1, 1, rng), new BatchNorm2d(4), new ReLU(), new MaxPool2d(4),
                new Flatten(), new Dropout(0.2f, rng.split()), new Linear(4 * 7 * 7, 10, rng));
    }

    static DataLoader loader(ImageDataset d, boolean shuffle) {
        return DataLoader.builder(d).batchSize(32).shuffle(shuffle).seed(5).prefetch(1).build();
    }

    /** Zeroes a fixed random half of the linear weights after every step; the mask is checkpointed state. */
    static class MaskCallback implements CheckpointedCallback {
        Tensor mask;
        final List<String> events = new ArrayList<>();

        @Override public void onTrainStart(TrainingContext ctx) {
            events.add("start");
            if (mask == null) {
                Tensor w = ctx.model().namedParameters().get("6.weight").data();
                mask = Tensor.zeros(w.shape());
                Rng r = new Rng(11);
                for (int i = 0; i < mask.numel(); i++) mask.data()[i] = r.nextInt(2);
            }
        }

        @Override public void beforeBatch(TrainingContext ctx) { events.add("before" + ctx.step()); }

        @Override public void afterBackward(TrainingContext ctx) {
            assertFalse(Double.isNaN(ctx.batchLoss()));
            events.add("backward" + ctx.step());
        }

        @Override public void afterStep(TrainingContext ctx) {
            events.add("step" + ctx.step());
            ctx.model().namedParameters().get("6.weight").data().muli(mask);
        }

        @Override public void onEpochEnd(TrainingContext ctx) { events.add("epoch" + ctx.epoch()); }

        @Override public void onTrainEnd(TrainingContext ctx) { events.add("end"); }

        @Override public void saveState(Map<String, Tensor> tensors, Map<String, String> strings) { tensors.put("mask.6.weight", mask.copy()); }

        @Override public void loadState(Map<String, Tensor> tensors, Map<String, String> strings) { mask = tensors.get("mask.6.weight").copy(); }
    }

    static Trainer.Builder recipe(Module m, int epochs, TrainingCallback cb) {
        DataLoader train = loader(TRAIN, true);
        Sgd opt = new Sgd(m.namedParameters(), 0.05, 0.9, 5e-4);
        return Trainer.builder(m, opt, train).epochs(epochs).stepSchedule(OneCycleLr.withDefaults(0.05, (long) epochs * train.batchesPerEpoch()))
                .callback(cb).clipGradNorm(5.0);
    }

    private static Map<String, Tensor> weights(Module m) { return m.stateDict(); }

    private static void assertBitwiseEqual(Map<String, Tensor> a, Map<String, Tensor> b) {
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) assertArrayEquals(a.get(k).toArray(), b.get(k).toArray(), k); // exact float equality
    }

    private static Map<String, Tensor> trainWithThreads(int threads) {
        int before = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            Module m = tinyNet(1);
            recipe(m, 2, new MaskCallback()).build().fit();
            return weights(m);
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test void sameSeedGivesBitwiseIdenticalWeightsForOneAndTwoThreads() {
        Map<String, Tensor> one = trainWithThreads(1), oneAgain = trainWithThreads(1), two = trainWithThreads(2);
        assertBitwiseEqual(one, oneAgain);
        assertBitwiseEqual(one, two);
        assertFalse(java.util.Arrays.equals(one.get("6.weight").toArray(), tinyNet(1).stateDict().get("6.weight").toArray()), "weights moved");
    }

    /** A run interrupted after a mid-epoch checkpoint and resumed in fresh objects ends bitwise where the uninterrupted run ends. */
    @Test void resumingFromACheckpointIsBitwiseExact(@TempDir Path dir) throws Exception {
        Module full = tinyNet(1);
        MaskCallback fullCb = new MaskCallback();
        TrainingResult fullResult = recipe(full, 3, fullCb).build().fit();

        Path file = dir.resolve("ckpt.safetensors");
        Module crashed = tinyNet(1);
        MaskCallback crashCb = new MaskCallback() {
            @Override public void beforeBatch(TrainingContext ctx) {
                if (ctx.step() == 13) throw new IllegalStateException("simulated crash");
            }
        };
        Trainer t = recipe(crashed, 3, crashCb).checkpoint(file, 5).build(); // checkpoints at steps 5 and 10 (8 batches/epoch)
        assertThrows(IllegalStateException.class, t::fit);

        TrainingCheckpoint c = TrainingCheckpoint.read(file);
        assertEquals(10, c.step());
        assertEquals(1, c.epoch());
        assertEquals(2, c.batch());
        assertTrue(c.rngStates().containsKey("5"), "dropout generator saved");
        Module resumed = tinyNet(99); // different initial weights: everything must come from the checkpoint
        MaskCallback resumedCb = new MaskCallback();
        Trainer r = recipe(resumed, 3, resumedCb).build();
        r.restore(c);
        TrainingResult rest = r.fit();
        assertBitwiseEqual(weights(full), weights(resumed));
        assertEquals(fullResult.steps(), rest.steps());
        assertEquals(fullResult.last().trainLoss(), rest.last().trainLoss(), 0.0, "running epoch sums restored");
    }

    @Test void callbacksRunInTheContractOrder() {
        MaskCallback cb = new MaskCallback();
        DataLoader train = DataLoader.builder(TRAIN.first(64)).batchSize(32).prefetch(0).build();
        Module m = tinyNet(1);
        Trainer.builder(m, new Sgd(m.namedParameters(), 0.01, 0, 0), train).epochs(1).callback(cb).build().fit();
        assertEquals(List.of("start", "before0", "backward0", "step0", "before1", "backward1", "step1", "epoch0", "end"), cb.events);
    }

    @Test void nonFiniteLossNamesTheFirstLayerWithANonFiniteOutput() {
        Module m = tinyNet(1);
        m.namedParameters().get("6.weight").data().data()[3] = Float.POSITIVE_INFINITY;
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> recipe(m, 1, new MaskCallback()).build().fit());
        assertEquals("6", e.module());
        assertEquals(0, e.step());
        assertTrue(e.getMessage().contains("step 0") && e.getMessage().contains("'6'"), e.getMessage());
    }

    @Test void nonFiniteGradientNamesItsModule() {
        Module m = tinyNet(1);
        TrainingCallback poison = new TrainingCallback() {
            @Override public void afterBackward(TrainingContext ctx) {
                if (ctx.step() == 2) ctx.model().namedParameters().get("1.weight").grad().data()[0] = Float.NaN;
            }
        };
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> recipe(m, 1, poison).build().fit());
        assertEquals("1", e.module());
        assertEquals(2, e.step());
    }

    /** Plain SGD with lr 1: the update is minus the clipped gradient, whose global norm is the clip value. */
    @Test void clippingScalesTheGlobalNormToTheLimit() {
        Module m = tinyNet(1);
        Map<String, Tensor> before = new java.util.LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> before.put(k, v.copy()));
        DataLoader train = DataLoader.builder(TRAIN.first(32)).batchSize(32).prefetch(0).build();
        double[] rawNorm = new double[1];
        TrainingCallback probe = new TrainingCallback() {
            @Override public void afterBackward(TrainingContext ctx) {
                double s = 0;
                for (var p : ctx.model().parameters()) for (float g : p.grad().toArray()) s += (double) g * g;
                rawNorm[0] = Math.sqrt(s);
            }
        };
        double limit = 0.01;
        Trainer.builder(m, new Sgd(m.namedParameters(), 1.0, 0, 0), train).callback(probe).clipGradNorm(limit).build().fit();
        assertTrue(rawNorm[0] > limit);
        double s = 0;
        for (var e : m.namedParameters().entrySet()) {
            float[] a = e.getValue().data().toArray(), b = before.get(e.getKey()).toArray();
            for (int i = 0; i < a.length; i++) s += (double) (a[i] - b[i]) * (a[i] - b[i]);
        }
        assertEquals(limit, Math.sqrt(s), limit * 1e-3);
    }

    @Test void earlyStoppingEndsARunThatStopsImproving() {
        Module m = tinyNet(1);
        DataLoader train = loader(TRAIN.first(64), true);
        TrainingResult r = Trainer.builder(m, new Sgd(m.namedParameters(), 0.0, 0, 0), train).epochs(10)
                .evaluateOn(loader(TEST, false)).earlyStopping(new EarlyStopping(EarlyStopping.Metric.TOP1, 2, 0)).build().fit();
        assertTrue(r.stoppedEarly());
        assertEquals(3, r.epochs().size()); // best set at epoch 0, no improvement at 1 and 2
    }

    @Test void trainingLearnsAndEvaluationReportsTopK() {
        Module m = tinyNet(1);
        List<EpochResult> seen = new ArrayList<>();
        TrainingResult r = recipe(m, 3, new MaskCallback()).evaluateOn(loader(TEST, false)).onEpoch(seen::add).build().fit();
        assertEquals(r.epochs(), seen);
        EvalResult ev = r.last().eval();
        assertEquals(TEST.size(), ev.samples());
        assertTrue(ev.top1() > 0.4, "top-1 " + ev.top1()); // 10 classes: chance is 0.1
        assertTrue(ev.top5() >= ev.top1());
        assertTrue(r.last().trainLoss() < r.epochs().get(0).trainLoss());
    }

    @Test void topKHitsAgreeWithSorting() {
        Rng rng = new Rng(3);
        for (int trial = 0; trial < 200; trial++) {
            int classes = 1 + rng.nextInt(8), n = 1 + rng.nextInt(5), k = 1 + rng.nextInt(6);
            Tensor logits = Tensor.zeros(n, classes);
            for (int i = 0; i < logits.numel(); i++) logits.data()[i] = rng.nextInt(4); // many ties
            int[] labels = new int[n];
            int expect1 = 0, expectK = 0;
            for (int i = 0; i < n; i++) {
                labels[i] = rng.nextInt(classes);
                // rank of the label: stable sort by descending value, ties by index
                Integer[] order = new Integer[classes];
                for (int j = 0; j < classes; j++) order[j] = j;
                final int row = i;
                java.util.Arrays.sort(order, (a, b) -> Float.compare(logits.get(row, b), logits.get(row, a)));
                int rank = java.util.Arrays.asList(order).indexOf(labels[i]);
                if (rank == 0) expect1++;
                if (rank < Math.min(k, classes)) expectK++;
            }
            assertArrayEquals(new int[] {expect1, expectK}, Evaluator.topKHits(logits, labels, k));
        }
    }

    @Test void progressPrintsPlainLinesWithoutATerminal() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ProgressBar p = new ProgressBar(new PrintStream(buf, true, StandardCharsets.UTF_8), false, 3600);
        p.startEpoch(0, 2, 4);
        for (int b = 1; b <= 4; b++) p.update(b, 1.5, 0.25);
        String out = buf.toString(StandardCharsets.UTF_8);
        assertFalse(out.contains("\r"));
        assertEquals(1, out.lines().count(), out); // interval not reached: only the end-of-epoch line
        assertTrue(out.contains("epoch 1/2") && out.contains("4/4") && out.contains("loss 1.5000") && out.contains("acc 25.00%"), out);
    }
}
