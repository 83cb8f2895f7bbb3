package dev.shears.codec.format;

import dev.shears.codec.quant.EntropyConstrainedQuantizer;
import dev.shears.codec.quant.KMeansQuantizer;
import dev.shears.codec.quant.ProbabilisticQuantizer;
import dev.shears.codec.quant.UniformQuantizer;
import dev.shears.tensor.random.Rng;

/** Test matrices: random shapes (empty ones included), densities, empty rows/columns, few distinct values. */
final class RandomMatrices {

    private RandomMatrices() {}

    /** A random {@code rows × cols} matrix from {@code seed}; about a fifth of rows and columns are emptied. */
    static float[] sparse(long seed, int rows, int cols) {
        Rng rng = new Rng(seed);
        double density = switch (rng.nextInt(4)) {
            case 0 -> 0.0;
            case 1 -> 1.0;
            default -> rng.nextDouble();
        };
        int distinct = rng.nextInt(3) == 0 ? 1 + rng.nextInt(4) : 0; // 0: continuous values
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            if (rng.nextDouble() >= density) continue;
            w[i] = distinct > 0 ? 0.5f * (1 + rng.nextInt(distinct)) : (float) rng.nextGaussian();
            if (w[i] == 0f) w[i] = 1f;
        }
        for (int i = 0; i < rows; i++) if (rng.nextInt(5) == 0) for (int j = 0; j < cols; j++) w[i * cols + j] = 0f;
        for (int j = 0; j < cols; j++) if (rng.nextInt(5) == 0) for (int i = 0; i < rows; i++) w[i * cols + j] = 0f;
        return w;
    }

    /** Applies quantizer number {@code which} (0 = none, 1 = UQ, 2 = CWS, 3 = PWS, 4 = ECSQ) with k levels. */
    static float[] quantize(float[] w, int which, int k, long seed) {
        return switch (which) {
            case 0 -> w;
            case 1 -> new UniformQuantizer().quantize(w, k).values();
            case 2 -> new KMeansQuantizer().quantize(w, k).values();
            case 3 -> new ProbabilisticQuantizer(seed).quantize(w, k).values();
            default -> new EntropyConstrainedQuantizer().quantize(w, k).values();
        };
    }
}
