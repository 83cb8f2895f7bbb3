package dev.shears.codec.quant;

/**
 * Entropy-constrained scalar quantization, ECSQ (Marinò et al., arXiv 2108.12704 §3.2; Chou, Lookabaugh
 * and Gray 1989): each nonzero weight goes to {@code argmin_l |w − c_l| − λ·ln p_l}, then every centroid
 * becomes the mean of its weights and {@code p_l} its share of them; the two steps alternate.
 *
 * <p>Choices: so that λ does not depend on the layer's scale, the distance is measured in units of the
 * standard deviation σ of the nonzero weights, i.e. the cost is {@code |w − c_l|/σ − λ·ln p_l}. The start
 * is the CWS quantile initialisation with uniform probabilities. Levels whose share drops to zero are
 * removed (their cost would be infinite). Iteration stops when the assignment is stable or after
 * {@code maxIterations}. λ = 0 reduces to 1-D k-means with absolute distance for the assignment.
 */
public final class EntropyConstrainedQuantizer implements Quantizer {

    private final double lambda;
    private final int maxIterations;

    /** ECSQ with rate weight {@code lambda} (≥ 0) and at most {@code maxIterations} iterations. */
    public EntropyConstrainedQuantizer(double lambda, int maxIterations) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
        if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be >= 1");
        this.lambda = lambda;
        this.maxIterations = maxIterations;
    }

    /** ECSQ with λ = 0.1 and 50 iterations at most. */
    public EntropyConstrainedQuantizer() { this(0.1, 50); }

    /** The rate weight λ. */
    public double lambda() { return lambda; }

    @Override public String name() { return "ecsq"; }

    @Override public QuantizedWeights quantize(float[] weights, int levels) {
        SortedNonzeros s = new SortedNonzeros(weights, levels);
        if (s.distinct <= levels) return s.exact(weights.length);
        int q = s.size();
        double mean = s.mean(0, q), var = 0;
        for (double v : s.values) var += (v - mean) * (v - mean);
        double sigma = Math.sqrt(var / q);
        double inv = sigma > 0 ? 1 / sigma : 1;
        KMeansQuantizer.Lloyd lloyd = new KMeansQuantizer.Lloyd(s, s.quantileInit(levels));
        double[] logP = new double[lloyd.levels];
        java.util.Arrays.fill(logP, -Math.log(lloyd.levels));
        for (int it = 0; it < maxIterations; it++) {
            final double[] lp = logP;
            boolean changed = lloyd.step((v, l) -> Math.abs(v - lloyd.centroids[l]) * inv - lambda * lp[l]);
            logP = new double[lloyd.levels];
            for (int l = 0; l < lloyd.levels; l++) logP[l] = Math.log((double) lloyd.count(l) / q);
            if (!changed) break;
        }
        return s.fromSegments(weights.length, lloyd.start, lloyd.centroids, lloyd.levels);
    }
}
