package dev.shears.codec.quant;

/**
 * A weight quantizer (Marinò et al., ICPR 2020 / arXiv 2108.12704, §3): maps the nonzero weights of a
 * layer to at most {@code levels} values. Zeros (pruned weights) are never quantized and stay zero.
 * Implementations are deterministic: the same input, levels and construction parameters (including any
 * seed) give the same result on every JVM.
 */
public interface Quantizer {

    /** Short name used in files and on the command line ({@code uq}, {@code cws}, {@code pws}, {@code ecsq}). */
    String name();

    /**
     * Quantizes {@code weights} to at most {@code levels} (≥ 1) distinct values.
     *
     * @throws IllegalArgumentException if levels &lt; 1 or a weight is NaN or infinite
     */
    QuantizedWeights quantize(float[] weights, int levels);
}
