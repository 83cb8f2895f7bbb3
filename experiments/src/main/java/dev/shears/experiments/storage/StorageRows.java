package dev.shears.experiments.storage;

/** The rows a storage study produces: accuracy per stage, ψ per layer and format, compressed-multiply timings. */
public final class StorageRows {

    private StorageRows() {}

    /**
     * Test accuracy of one model.
     *
     * @param sparsity  target sparsity (0 for the dense model)
     * @param quantizer quantizer name, {@code none} before quantization
     * @param stage     dense, pruned, quantized or fine-tuned
     */
    public record Accuracy(double sparsity, String quantizer, String stage, double top1, double loss) {}

    /**
     * Storage of one tensor (or a total) in one format.
     *
     * @param format     format name, or {@code convFormat+linearFormat} for the mixed setting
     * @param layer      tensor name, or {@link #WEIGHTS} / {@link #STATE_DICT} for the totals
     * @param nonzeros   nonzero entries
     * @param bytes      exact encoded bytes
     * @param denseBytes 4 bytes per entry
     */
    public record Psi(double sparsity, String quantizer, String format, String layer, int rows, int cols, long nonzeros,
                      long bytes, long denseBytes) {
        /** Total of all weight tensors (rank ≥ 2). */
        public static final String WEIGHTS = "(weights)";
        /** Total of every tensor of the state dict; biases and batch-norm tensors stay dense float32. */
        public static final String STATE_DICT = "(state dict)";

        /** ψ = bytes / dense bytes. */
        public double psi() { return denseBytes == 0 ? Double.NaN : (double) bytes / denseBytes; }

        /** True for the two total rows. */
        public boolean isTotal() { return layer.equals(WEIGHTS) || layer.equals(STATE_DICT); }
    }

    /**
     * Median time of {@code y = x·Wᵀ} on one fully connected layer's encoded weights, and of the same product
     * with the dense float32 matrix.
     */
    public record Timing(double sparsity, String quantizer, String format, String layer, int rows, int cols, int batch,
                         double micros, double denseMicros) {
        /** Dense time over compressed time (above 1: the compressed form is faster). */
        public double speedup() { return denseMicros / micros; }
    }
}
