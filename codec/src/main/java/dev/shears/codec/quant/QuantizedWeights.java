package dev.shears.codec.quant;

/**
 * The result of a weight quantizer: a codebook of centroids (ascending) and, per weight, the index of its
 * centroid or {@link #PRUNED} for a weight that is zero (pruned zeros stay zero).
 *
 * @param centroids  the codebook, ascending, at most the requested number of levels
 * @param assignment one entry per input weight, in input order
 */
public record QuantizedWeights(float[] centroids, int[] assignment) {

    /** Assignment of a zero weight. */
    public static final int PRUNED = -1;

    /** Number of codebook levels. */
    public int levels() { return centroids.length; }

    /** The quantized weights: each weight replaced by its centroid, zeros kept. */
    public float[] values() {
        float[] out = new float[assignment.length];
        for (int i = 0; i < out.length; i++) {
            int a = assignment[i];
            out[i] = a == PRUNED ? 0f : centroids[a];
        }
        return out;
    }
}
