package dev.shears.codec.quant;

/**
 * Retraining of shared weights (Marinò et al., arXiv 2108.12704 §3.2; Han et al. 2016 §3.1): the gradient
 * of the loss with respect to centroid l is the sum of the gradients of the weights assigned to it, since
 * each such weight equals the centroid. Pruned weights contribute nothing.
 */
public final class CentroidGradient {

    private CentroidGradient() {}

    /**
     * Centroid gradients: {@code out[l] = Σ_{i : assignment[i] = l} weightGrad[i]}, accumulated in double in
     * index order, for a codebook of {@code levels} centroids.
     */
    public static float[] of(float[] weightGrad, int[] assignment, int levels) {
        if (weightGrad.length != assignment.length) {
            throw new IllegalArgumentException("gradient has " + weightGrad.length + " entries, assignment " + assignment.length);
        }
        double[] acc = new double[levels];
        for (int i = 0; i < assignment.length; i++) {
            int a = assignment[i];
            if (a == QuantizedWeights.PRUNED) continue;
            if (a < 0 || a >= levels) throw new IllegalArgumentException("assignment " + a + " at " + i + " outside [0, " + levels + ")");
            acc[a] += weightGrad[i];
        }
        float[] out = new float[levels];
        for (int l = 0; l < levels; l++) out[l] = (float) acc[l];
        return out;
    }
}
