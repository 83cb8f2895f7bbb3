package dev.shears.prune.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shears.nn.BatchNorm2d;
import dev.shears.nn.Conv2d;
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
import dev.shears.nn.train.Trainer;
import dev.shears.nn.train.TrainingCallback;
import dev.shears.nn.train.TrainingContext;
import dev.shears.prune.score.Granularity;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every pruning method's callbacks are checkpointed state: a run that crashes after a mid-training
 * checkpoint and resumes in fresh objects ends bitwise where the uninterrupted run ends (masks, schedule
 * position, HALO's λ and its momentum, WeightMom's averages all come from the checkpoint).
 */
class PruningResumeTest {

    private static final ImageDataset TRAIN = EmbeddedFashionMnist.train().firstPerClass(16); // 160 images, 5 batches

    private static Sequential net(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(new Conv2d(1, 4, 3, 1, 1, rng), new BatchNorm2d(4), new ReLU(), new MaxPool2d(4),
                new Flatten(), new Linear(4 * 7 * 7, 16, rng), new ReLU(), new Linear(16, 10, rng));
    }

    private static PruningConfig config(String method) {
        PruningConfig c = PruningConfig.defaults(method, 0.7).withEvery(2).withHalo(1e-3, 1e-3, 0, dev.shears.prune.halo.HaloPenalty.Hyper.L1);
        return method.equals("magnitude") ? c.withGranularity(Granularity.FILTER) : c;
    }

    private static Trainer.Builder recipe(Module m, PruningMethod method, TrainingCallback extra) {
        DataLoader train = DataLoader.builder(TRAIN).batchSize(32).shuffle(true).seed(3).prefetch(0).build();
        Sgd opt = new Sgd(m.namedParameters(), 0.05, 0.9, 5e-4);
        Trainer.Builder b = Trainer.builder(m, opt, train).epochs(3).stepSchedule(OneCycleLr.withDefaults(0.05, 3L * train.batchesPerEpoch()));
        method.callbacks().forEach(b::callback);
        if (extra != null) b.callback(extra);
        return b;
    }

    @ParameterizedTest
    @ValueSource(strings = {"magnitude", "halo", "weightmom", "sparse-momentum"})
    void resumedRunEndsBitwiseWhereTheUninterruptedOneEnds(String name, @TempDir Path dir) throws Exception {
        Module full = net(1);
        PruningMethod fullMethod = PruningMethod.create(full, config(name));
        recipe(full, fullMethod, null).build().fit();
        fullMethod.finish();

        Path file = dir.resolve("ckpt.safetensors");
        Module crashed = net(1);
        TrainingCallback crash = new TrainingCallback() {
            @Override public void beforeBatch(TrainingContext ctx) {
                if (ctx.step() == 8) throw new IllegalStateException("simulated crash");
            }
        };
        Trainer t = recipe(crashed, PruningMethod.create(crashed, config(name)), crash).checkpoint(file, 6).build();
        assertThrows(IllegalStateException.class, t::fit);

        Module resumed = net(42); // other initial weights: everything must come from the checkpoint
        PruningMethod resumedMethod = PruningMethod.create(resumed, config(name));
        Trainer r = recipe(resumed, resumedMethod, null).build();
        TrainingCheckpoint c = TrainingCheckpoint.read(file);
        assertEquals(6, c.step());
        r.restore(c);
        r.fit();
        resumedMethod.finish();

        Map<String, Tensor> a = full.stateDict(), b = resumed.stateDict();
        for (String k : a.keySet()) assertArrayEquals(a.get(k).toArray(), b.get(k).toArray(), name + ": " + k);
        assertTrue(resumedMethod.masks().sparsity() > 0.5, name + " pruned: " + resumedMethod.masks().sparsity());
    }
}
