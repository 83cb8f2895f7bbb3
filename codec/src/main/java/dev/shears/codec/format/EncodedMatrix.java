package dev.shears.codec.format;

/**
 * A 2-D float matrix W (n rows × m columns) in one storage format. Convolution weights
 * {@code [out, in, kh, kw]} are stored as {@code out × (in·kh·kw)}, fully connected weights {@code [out, in]}
 * as they are. Implementations are immutable apart from scratch buffers used by {@link #multiply}.
 */
public interface EncodedMatrix {

    /** The storage format. */
    MatrixFormat format();

    /** Rows n. */
    int rows();

    /** Columns m. */
    int cols();

    /** The matrix, row-major {@code [n, m]}. */
    float[] decode();

    /** Exact storage, part by part; its total equals {@code toBytes().length}. */
    SizeReport size();

    /** The payload bytes (layout in codec/FORMAT.md). */
    byte[] toBytes();

    /**
     * {@code y = x · Wᵀ} for a batch of inputs: x is {@code [batch, m]}, y is {@code [batch, n]}, both
     * row-major (a fully connected layer's forward pass; batch = 1 is the matrix-vector product W·x).
     * Formats that support it compute on the compressed form; the default decodes first.
     */
    default void multiply(float[] x, float[] y, int batch) {
        DenseMatrix.of(decode(), rows(), cols()).multiply(x, y, batch);
    }
}
