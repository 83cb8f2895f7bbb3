package dev.shears.experiments.storage;

import java.util.List;

/**
 * Everything that defines a storage study (study 3, after Marinò et al., arXiv 2108.12704): how the dense
 * network is trained, how it is pruned (gradual magnitude pruning with fine-tuning, AGP schedule), how it is
 * quantized (codebook size k, centroid fine-tuning), which formats are measured and how the compressed
 * multiply is timed.
 *
 * @param model             registered model name
 * @param denseEpochs       dense training epochs (SGD momentum 0.9, weight decay 5e-4, one-cycle at {@code lr})
 * @param batch             batch size of every training phase
 * @param lr                one-cycle peak learning rate of dense training
 * @param sparsities        pruning targets, each pruned from the dense weights
 * @param pruneEpochs       epochs of gradual magnitude pruning + fine-tuning (one-cycle at {@code pruneLr})
 * @param pruneLr           one-cycle peak learning rate while pruning
 * @param quantizers        names for {@code Quantizers.byName}, {@code none} included for the unquantized baseline
 * @param levels            codebook size k
 * @param fineTuneEpochs    epochs of centroid fine-tuning (0 = none)
 * @param centroidLr        centroid learning rate (the gradient is a sum over the cluster, so this is small)
 * @param centroidMomentum  centroid momentum
 * @param otherLr           constant learning rate of the remaining parameters (biases, batch norm) while the centroids tune
 * @param tuneImages        training images used by the pruning and fine-tuning phases (0 = all)
 * @param timingBatches     batch sizes of the compressed-multiply timing
 * @param timingRuns        timed repetitions per measurement (the median is reported)
 * @param seed              seed of initialisation, shuffling and PWS
 */
public record StoragePlan(String model, int denseEpochs, int batch, double lr, List<Double> sparsities, int pruneEpochs,
                          double pruneLr, List<String> quantizers, int levels, int fineTuneEpochs, double centroidLr,
                          double centroidMomentum, double otherLr, int tuneImages, List<Integer> timingBatches, int timingRuns,
                          long seed) {

    public StoragePlan {
        sparsities = List.copyOf(sparsities);
        quantizers = List.copyOf(quantizers);
        timingBatches = List.copyOf(timingBatches);
        if (denseEpochs < 0 || pruneEpochs < 1 || fineTuneEpochs < 0 || batch < 1 || levels < 1 || timingRuns < 1 || tuneImages < 0) {
            throw new IllegalArgumentException("epochs, batch, levels and timing runs out of range");
        }
        for (double s : sparsities) if (!(s > 0 && s < 1)) throw new IllegalArgumentException("sparsity must be in (0, 1), got " + s);
        if (sparsities.isEmpty() || quantizers.isEmpty()) throw new IllegalArgumentException("need at least one sparsity and one quantizer");
    }

    /** All quantizers of the papers plus the unquantized baseline. */
    public static final List<String> ALL_QUANTIZERS = List.of("none", "uq", "cws", "pws", "ecsq");

    /**
     * Minutes on 2 cores (embedded 2,000-image subset): 3 dense epochs, 90% sparsity over 2 epochs, k = 32,
     * 1 epoch of centroid fine-tuning.
     */
    public static StoragePlan quick(long seed) {
        return new StoragePlan("vgg-small", 3, 64, 0.05, List.of(0.9), 2, 0.01, ALL_QUANTIZERS, 32, 1, 1e-4, 0.9, 1e-3, 0,
                List.of(1, 64), 5, seed);
    }

    /**
     * Full Fashion-MNIST: the acceptance recipe — 3 dense epochs at batch 128, one-cycle peak 0.05; pruning to
     * 50/80/90/95% over 2 epochs; k = 32; 1 epoch of centroid fine-tuning.
     */
    public static StoragePlan full(long seed) {
        return new StoragePlan("vgg-small", 3, 128, 0.05, List.of(0.5, 0.8, 0.9, 0.95), 2, 0.01, ALL_QUANTIZERS, 32, 1, 1e-4, 0.9,
                1e-3, 0, List.of(1, 64), 20, seed);
    }
}
