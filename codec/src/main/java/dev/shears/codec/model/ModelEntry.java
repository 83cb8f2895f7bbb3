package dev.shears.codec.model;

import dev.shears.codec.format.EncodedMatrix;
import java.util.Arrays;
import java.util.Map;

/**
 * One tensor of a compressed model: its name, its tensor shape (for example {@code [out, in, kh, kw]}),
 * free-form metadata (quantizer name, levels, seed, ...) and the encoded matrix. The matrix is the tensor
 * viewed as {@code shape[0] × (product of the other dims)}, or {@code 1 × shape[0]} for rank 1.
 *
 * @param name     unique within a model; 1..1024 UTF-8 bytes
 * @param shape    1..8 nonnegative dims
 * @param metadata keys and values without {@code '\n'}; keys nonempty and without {@code '='}
 * @param matrix   the encoded weights
 */
public record ModelEntry(String name, int[] shape, Map<String, String> metadata, EncodedMatrix matrix) {

    /** Validates the entry and copies the shape and metadata. */
    public ModelEntry {
        shape = shape.clone();
        metadata = Map.copyOf(metadata);
        if (name.isEmpty()) throw new IllegalArgumentException("entry name is empty");
        if (shape.length < 1 || shape.length > 8) throw new IllegalArgumentException(name + ": rank " + shape.length + " outside 1..8");
        for (int d : shape) if (d < 0) throw new IllegalArgumentException(name + ": negative dim in " + Arrays.toString(shape));
        int[] rc = matrixShape(shape);
        if (rc == null || rc[0] != matrix.rows() || rc[1] != matrix.cols()) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " does not match a "
                    + matrix.rows() + "x" + matrix.cols() + " matrix");
        }
        for (var e : metadata.entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().contains("=") || e.getKey().contains("\n") || e.getValue().contains("\n")) {
                throw new IllegalArgumentException(name + ": invalid metadata " + e.getKey() + "=" + e.getValue());
            }
        }
    }

    /** The matrix view {rows, cols} of a tensor shape, or null if it has more than 2³¹ − 1 rows or columns. */
    public static int[] matrixShape(int[] shape) {
        long rows = shape.length == 1 ? 1 : shape[0];
        long cols = 1;
        for (int i = shape.length == 1 ? 0 : 1; i < shape.length; i++) {
            cols *= shape[i];
            if (cols > Integer.MAX_VALUE) return null;
        }
        return new int[] {(int) rows, (int) cols};
    }

    @Override public int[] shape() { return shape.clone(); }
}
