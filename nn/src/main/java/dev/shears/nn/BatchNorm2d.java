package dev.shears.nn;

import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/**
 * Batch normalisation over channels (Ioffe and Szegedy 2015) with PyTorch's parameters and buffers:
 * {@code weight} (ones), {@code bias} (zeros), {@code running_mean} (zeros), {@code running_var} (ones) and
 * {@code num_batches_tracked}. Training mode normalises with batch statistics and updates the running ones
 * with {@code momentum}; evaluation mode uses the running statistics. {@code num_batches_tracked} is kept
 * as a float32 scalar (exact up to 2²⁴ batches); PyTorch stores int64 and uses it only when momentum is None,
 * which this class does not support.
 */
public final class BatchNorm2d extends Module {

    public final int numFeatures;
    public final float eps, momentum;
    private final Variable weight, bias;
    private final Tensor runningMean, runningVar, numBatchesTracked;

    public BatchNorm2d(int numFeatures, float eps, float momentum) {
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        weight = registerParameter("weight", Tensor.ones(numFeatures));
        bias = registerParameter("bias", Tensor.zeros(numFeatures));
        runningMean = registerBuffer("running_mean", Tensor.zeros(numFeatures));
        runningVar = registerBuffer("running_var", Tensor.ones(numFeatures));
        numBatchesTracked = registerBuffer("num_batches_tracked", Tensor.scalar(0f));
    }

    /** PyTorch's defaults: eps 1e-5, momentum 0.1. */
    public BatchNorm2d(int numFeatures) { this(numFeatures, 1e-5f, 0.1f); }

    public Variable weight() { return weight; }

    public Variable bias() { return bias; }

    public Tensor runningMean() { return runningMean; }

    public Tensor runningVar() { return runningVar; }

    /** x: [N, C, H, W] → same shape. */
    @Override public Variable forward(Variable x) {
        if (isTraining()) numBatchesTracked.data()[numBatchesTracked.offset()] += 1f;
        return dev.shears.autograd.ops.BatchNorm2d.apply(x, weight, bias, runningMean, runningVar, isTraining(), momentum, eps);
    }

    /** {@code max(0, forward(x))} as one node, for a {@link ReLU} that follows this layer (see {@link Sequential}). */
    Variable forwardRelu(Variable x) {
        if (isTraining()) numBatchesTracked.data()[numBatchesTracked.offset()] += 1f;
        return dev.shears.autograd.ops.BatchNorm2d.applyRelu(x, weight, bias, runningMean, runningVar, isTraining(), momentum, eps);
    }
}
