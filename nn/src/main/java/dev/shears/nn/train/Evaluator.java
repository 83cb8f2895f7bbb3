package dev.shears.nn.train;

import dev.shears.autograd.NoGrad;
import dev.shears.autograd.Variable;
import dev.shears.autograd.ops.CrossEntropy;
import dev.shears.nn.Module;
import dev.shears.nn.data.Batch;
import dev.shears.nn.data.DataLoader;
import dev.shears.tensor.BufferPool;
import dev.shears.tensor.Tensor;

/**
 * Evaluates a classifier in evaluation mode without recording gradients; the model's mode is restored. Each
 * batch runs in a {@link BufferPool} scope, so its activations reuse the previous batch's arrays.
 */
public final class Evaluator {

    private Evaluator() {}

    /** Loss and top-1/top-5 accuracy of {@code model} over every batch of {@code loader}'s epoch 0. */
    public static EvalResult evaluate(Module model, DataLoader loader) {
        boolean wasTraining = model.isTraining();
        model.eval();
        double lossSum = 0;
        long top1 = 0, top5 = 0;
        int n = 0;
        BufferPool buffers = new BufferPool(); // each batch's activations recycled by the next
        boolean pooled = !BufferPool.scopeOpen(); // inside a caller's scope, its pool serves
        try (NoGrad g = NoGrad.scope(); DataLoader.Epoch epoch = loader.epoch(0)) {
            for (Batch b : epoch) {
                try (BufferPool.Scope s = pooled ? buffers.open() : null) {
                    Tensor logits = model.call(Variable.constant(b.images())).data();
                    lossSum += (double) CrossEntropy.apply(Variable.constant(logits), b.labels()).item() * b.size();
                    int[] hits = topKHits(logits, b.labels(), 5);
                    top1 += hits[0];
                    top5 += hits[1];
                    n += b.size();
                }
            }
        } finally {
            model.train(wasTraining);
        }
        return new EvalResult(n == 0 ? Double.NaN : lossSum / n, n == 0 ? Double.NaN : (double) top1 / n,
                n == 0 ? Double.NaN : (double) top5 / n, n);
    }

    /**
     * Counts rows whose label is the arg-max (index 0) and among the k largest logits (index 1). A logit
     * ranks above the label's when it is larger, or equal with a smaller index (arg-max's tie rule).
     * logits: [N, K].
     */
    public static int[] topKHits(Tensor logits, int[] labels, int k) {
        int n = logits.dim(0), classes = logits.dim(1);
        int kk = Math.min(k, classes);
        float[] d = logits.data();
        int off = logits.offset(), hit1 = 0, hitK = 0;
        for (int i = 0; i < n; i++) {
            int row = off + i * classes;
            float v = d[row + labels[i]];
            int above = 0;
            for (int j = 0; j < classes; j++) {
                float u = d[row + j];
                if (u > v || (u == v && j < labels[i])) above++;
            }
            if (above == 0) hit1++;
            if (above < kk) hitK++;
        }
        return new int[] {hit1, hitK};
    }
}
