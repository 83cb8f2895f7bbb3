package dev.shears.nn.train;

import dev.shears.autograd.Variable;
import dev.shears.autograd.ops.CrossEntropy;
import dev.shears.nn.Dropout;
import dev.shears.nn.Module;
import dev.shears.nn.checkpoint.TrainingCheckpoint;
import dev.shears.nn.data.Batch;
import dev.shears.nn.data.DataLoader;
import dev.shears.nn.optim.LrSchedule;
import dev.shears.nn.optim.Optimizer;
import dev.shears.tensor.BufferPool;
import dev.shears.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The supervised training loop for classifiers (cross-entropy loss), honouring the {@link TrainingCallback}
 * contract. One optimizer step:
 * <ol>
 *   <li>callbacks' {@code beforeBatch}; the step schedule sets the learning rate for step t;</li>
 *   <li>zero gradients, forward, loss, backward; a non-finite loss stops training with a
 *       {@link TrainingDivergedException} naming the first module whose output was non-finite;</li>
 *   <li>callbacks' {@code afterBackward} (they may add penalty gradients and loss terms, or mask gradients);</li>
 *   <li>the global gradient norm (over all parameters, in double, in parameter order) is checked for
 *       finiteness and, if {@code clipNorm > 0}, gradients are scaled by {@code clipNorm / (norm + 1e-6)} when
 *       that is below 1 (PyTorch's {@code clip_grad_norm_});</li>
 *   <li>optimizer step; callbacks' {@code afterStep}; then the step counter advances.</li>
 * </ol>
 * Each step runs in a {@link BufferPool} scope, so ops' outputs reuse the arrays of the step before instead of
 * new zeroed ones; tensors made during a step are valid until it ends (callbacks copy what they keep).
 * After each epoch: evaluation (if an evaluation loader is set), {@code onEpochEnd}, the epoch listener, the
 * checkpoint (if a file is set) and early stopping.
 *
 * <p>Determinism: batches depend only on the loader's seed, epoch and position; every kernel reduces in an
 * order fixed by the problem; so a run is bitwise reproducible for any thread count, and resuming from a
 * {@link TrainingCheckpoint} (which holds the model, optimizer, position, dropout generators and callback
 * state) continues exactly as the uninterrupted run would have.
 */
public final class Trainer {

    private final Module model;
    private final Optimizer optimizer;
    private final DataLoader train, eval;
    private final int epochs;
    private final LrSchedule stepSchedule, epochSchedule;
    private final List<TrainingCallback> callbacks;
    private final double clipNorm;
    private final EarlyStopping earlyStopping;
    private final ProgressBar progress;
    private final Consumer<EpochResult> onEpoch;
    private final Path checkpointFile;
    private final int checkpointEverySteps;
    private final BufferPool buffers = new BufferPool(); // each step's activations recycled by the next

    // position
    private int epoch, batchInEpoch;
    private long step;
    private double batchLoss = Double.NaN;
    // running sums of the current epoch (part of the position: a mid-epoch resume restores them)
    private double lossSum;
    private long correct, seen;
    private double epochSeconds;

    private Trainer(Builder b) {
        model = b.model;
        optimizer = b.optimizer;
        train = b.train;
        eval = b.eval;
        epochs = b.epochs;
        stepSchedule = b.stepSchedule;
        epochSchedule = b.epochSchedule;
        callbacks = List.copyOf(b.callbacks);
        clipNorm = b.clipNorm;
        earlyStopping = b.earlyStopping;
        progress = b.progress;
        onEpoch = b.onEpoch;
        checkpointFile = b.checkpointFile;
        checkpointEverySteps = b.checkpointEverySteps;
    }

    /** A builder for training {@code model} with {@code optimizer} on {@code train}'s batches. */
    public static Builder builder(Module model, Optimizer optimizer, DataLoader train) { return new Builder(model, optimizer, train); }

    /** Optimizer steps planned in total. */
    public long totalSteps() { return (long) epochs * train.batchesPerEpoch(); }

    /** Optimizer steps taken so far. */
    public long step() { return step; }

    /** Trains from the current position (the start, unless {@link #restore} was called) to the last epoch. */
    public TrainingResult fit() {
        Context ctx = new Context();
        for (TrainingCallback c : callbacks) c.onTrainStart(ctx);
        List<EpochResult> results = new ArrayList<>();
        boolean stopped = false;
        model.train(true);
        while (epoch < epochs && !stopped) {
            long t0 = System.nanoTime();
            if (epochSchedule != null) epochSchedule.apply(optimizer, epoch);
            int batches = train.batchesPerEpoch();
            if (progress != null) progress.startEpoch(epoch, epochs, batches);
            try (DataLoader.Epoch it = train.epoch(epoch)) {
                for (int skip = 0; skip < batchInEpoch; skip++) it.next(); // resuming mid-epoch: same batches, no compute
                while (it.hasNext()) {
                    trainStep(it.next(), ctx);
                    batchInEpoch++;
                    if (progress != null) progress.update(batchInEpoch, lossSum / seen, (double) correct / seen);
                    if (checkpointFile != null && checkpointEverySteps > 0 && step % checkpointEverySteps == 0 && batchInEpoch < batches) {
                        epochSeconds += (System.nanoTime() - t0) / 1e9;
                        t0 = System.nanoTime();
                        save(checkpointFile);
                    }
                }
            }
            buffers.clear(); // the evaluation does not need the steps' arrays kept meanwhile
            EvalResult ev = eval == null ? null : Evaluator.evaluate(model, eval);
            epochSeconds += (System.nanoTime() - t0) / 1e9;
            EpochResult r = new EpochResult(epoch, lossSum / seen, (double) correct / seen, ev, optimizer.lr(), step, epochSeconds);
            results.add(r);
            for (TrainingCallback c : callbacks) c.onEpochEnd(ctx);
            if (onEpoch != null) onEpoch.accept(r);
            if (earlyStopping != null && ev != null) stopped = earlyStopping.update(ev);
            epoch++;
            batchInEpoch = 0;
            lossSum = 0;
            correct = seen = 0;
            epochSeconds = 0;
            if (checkpointFile != null) save(checkpointFile);
        }
        for (TrainingCallback c : callbacks) c.onTrainEnd(ctx);
        return new TrainingResult(results, stopped, step);
    }

    private void trainStep(Batch b, Context ctx) {
        try (BufferPool.Scope s = buffers.open()) {
            runStep(b, ctx);
        }
    }

    private void runStep(Batch b, Context ctx) {
        for (TrainingCallback c : callbacks) c.beforeBatch(ctx);
        if (stepSchedule != null) stepSchedule.apply(optimizer, step);
        optimizer.zeroGrad();
        Variable logits = model.call(Variable.constant(b.images()));
        Variable loss = CrossEntropy.apply(logits, b.labels());
        double lossValue = loss.item();
        if (!Double.isFinite(lossValue)) throw DivergenceLocator.forLoss(model, b.images(), step, lossValue);
        loss.backward();
        batchLoss = lossValue;
        for (TrainingCallback c : callbacks) c.afterBackward(ctx);
        double norm = gradientNorm();
        if (!Double.isFinite(norm)) throw DivergenceLocator.forGradients(model, step);
        if (clipNorm > 0) {
            double scale = clipNorm / (norm + 1e-6);
            if (scale < 1) for (Variable p : optimizer.parameters().values()) if (p.grad() != null) p.grad().muli((float) scale);
        }
        optimizer.step();
        for (TrainingCallback c : callbacks) c.afterStep(ctx);
        step++;
        lossSum += batchLoss * b.size();
        correct += Evaluator.topKHits(logits.data(), b.labels(), 1)[0];
        seen += b.size();
    }

    /** L2 norm of all gradients together, accumulated in double in parameter order. */
    private double gradientNorm() {
        double s = 0;
        for (Variable p : optimizer.parameters().values()) {
            Tensor g = p.grad();
            if (g == null) continue;
            float[] d = g.data();
            for (int i = g.offset(), end = i + g.numel(); i < end; i++) s += (double) d[i] * d[i];
        }
        return Math.sqrt(s);
    }

    // ---- checkpoints ----------------------------------------------------------------------------------

    private static final String EARLY_STOPPING = "trainer.early_stopping", RUNNING = "trainer.running";

    /** The current position and state as a checkpoint (tensors copied). */
    public TrainingCheckpoint checkpoint() {
        Map<String, Tensor> modelState = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> modelState.put(k, v.copy()));
        Map<String, long[]> rng = new LinkedHashMap<>();
        model.namedModules().forEach((name, m) -> {
            if (m instanceof Dropout d) rng.put(name, d.rngState());
        });
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> strings = new LinkedHashMap<>();
        for (TrainingCallback c : callbacks) if (c instanceof CheckpointedCallback cc) cc.saveState(tensors, strings);
        if (earlyStopping != null) strings.put(EARLY_STOPPING, earlyStopping.state());
        strings.put(RUNNING, Double.doubleToRawLongBits(lossSum) + "," + correct + "," + seen + "," + Double.doubleToRawLongBits(epochSeconds));
        return new TrainingCheckpoint(modelState, optimizer.stateDict(), epoch, batchInEpoch, step, rng, tensors, strings);
    }

    /** Writes {@link #checkpoint()} atomically to {@code file}. */
    public void save(Path file) {
        try {
            checkpoint().write(file);
        } catch (IOException e) {
            throw new UncheckedIOException("writing checkpoint " + file, e);
        }
    }

    /**
     * Restores model, optimizer, position, dropout generators and callback state from {@code c}; the next
     * {@link #fit()} continues where the checkpointed run was.
     */
    public void restore(TrainingCheckpoint c) {
        if (c.batch() > train.batchesPerEpoch() || c.epoch() > epochs) {
            throw new IllegalArgumentException("checkpoint at epoch " + c.epoch() + " batch " + c.batch() + " does not fit a run of "
                    + epochs + " epochs of " + train.batchesPerEpoch() + " batches");
        }
        model.loadStateDict(c.model(), true);
        optimizer.loadStateDict(c.optimizer());
        Map<String, Module> modules = model.namedModules();
        for (Map.Entry<String, long[]> e : c.rngStates().entrySet()) {
            if (!(modules.get(e.getKey()) instanceof Dropout d)) {
                throw new IllegalArgumentException("checkpoint has a generator state for '" + e.getKey() + "', which is not a Dropout module");
            }
            d.restoreRngState(e.getValue());
        }
        for (TrainingCallback cb : callbacks) if (cb instanceof CheckpointedCallback cc) cc.loadState(c.extraTensors(), c.extraStrings());
        String es = c.extraStrings().get(EARLY_STOPPING);
        if (earlyStopping != null && es != null) earlyStopping.restore(es);
        String running = c.extraStrings().get(RUNNING);
        if (running != null) {
            String[] p = running.split(",");
            lossSum = Double.longBitsToDouble(Long.parseLong(p[0]));
            correct = Long.parseLong(p[1]);
            seen = Long.parseLong(p[2]);
            epochSeconds = Double.longBitsToDouble(Long.parseLong(p[3]));
        }
        epoch = c.epoch();
        batchInEpoch = c.batch();
        step = c.step();
    }

    private final class Context implements TrainingContext {
        @Override public Module model() { return model; }

        @Override public Optimizer optimizer() { return optimizer; }

        @Override public int epoch() { return epoch; }

        @Override public int epochs() { return epochs; }

        @Override public long step() { return step; }

        @Override public long totalSteps() { return Trainer.this.totalSteps(); }

        @Override public double batchLoss() { return batchLoss; }

        @Override public void addToBatchLoss(double value) { batchLoss += value; }
    }

    /** Configures a {@link Trainer}. */
    public static final class Builder {
        private final Module model;
        private final Optimizer optimizer;
        private final DataLoader train;
        private DataLoader eval;
        private int epochs = 1;
        private LrSchedule stepSchedule, epochSchedule;
        private final List<TrainingCallback> callbacks = new ArrayList<>();
        private double clipNorm;
        private EarlyStopping earlyStopping;
        private ProgressBar progress;
        private Consumer<EpochResult> onEpoch;
        private Path checkpointFile;
        private int checkpointEverySteps;

        private Builder(Module model, Optimizer optimizer, DataLoader train) {
            this.model = model;
            this.optimizer = optimizer;
            this.train = train;
        }

        /** Number of epochs (default 1). */
        public Builder epochs(int n) {
            if (n < 0) throw new IllegalArgumentException("epochs must be >= 0, got " + n);
            epochs = n;
            return this;
        }

        /** Evaluated after every epoch (its epoch-0 order; use an unshuffled loader). */
        public Builder evaluateOn(DataLoader loader) { eval = loader; return this; }

        /** A schedule indexed by optimizer step, applied before every step. */
        public Builder stepSchedule(LrSchedule s) { stepSchedule = s; return this; }

        /** A schedule indexed by epoch, applied at the start of every epoch. */
        public Builder epochSchedule(LrSchedule s) { epochSchedule = s; return this; }

        /** Adds a callback (they run in the order added). */
        public Builder callback(TrainingCallback c) { callbacks.add(c); return this; }

        /** Clips the global gradient norm to {@code maxNorm} (0 = off). */
        public Builder clipGradNorm(double maxNorm) {
            if (!(maxNorm >= 0)) throw new IllegalArgumentException("clip norm must be >= 0, got " + maxNorm);
            clipNorm = maxNorm;
            return this;
        }

        /** Early stopping on the evaluation results (needs {@link #evaluateOn}). */
        public Builder earlyStopping(EarlyStopping e) { earlyStopping = e; return this; }

        /** Progress display (null = none, the default). */
        public Builder progress(ProgressBar p) { progress = p; return this; }

        /** Called with each epoch's result. */
        public Builder onEpoch(Consumer<EpochResult> listener) { onEpoch = listener; return this; }

        /** Writes a checkpoint to {@code file} after every epoch and, if {@code everySteps > 0}, every that many steps. */
        public Builder checkpoint(Path file, int everySteps) {
            checkpointFile = file;
            checkpointEverySteps = everySteps;
            return this;
        }

        public Trainer build() {
            if (earlyStopping != null && eval == null) throw new IllegalStateException("early stopping needs an evaluation loader");
            return new Trainer(this);
        }
    }
}
