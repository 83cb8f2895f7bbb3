package dev.shears.experiments.cli;

import dev.shears.codec.model.ModelEntry;
import dev.shears.nn.io.Npy;
import dev.shears.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A {@code .npy} array seen as the 2-D matrix the codec encodes: {@code shape[0] × (the other dims)}, or one
 * row for a 1-D array — conv weights {@code [out, in, kh, kw]} become {@code out × in·kh·kw}.
 */
record NpyMatrix(float[] data, int rows, int cols, int[] shape) {

    /** Reads {@code file} with {@link Npy} (validated, any supported dtype converted to float32). */
    static NpyMatrix read(Path file) throws IOException {
        Tensor t = Npy.read(file);
        if (t.rank() == 0) throw new IllegalArgumentException(file + ": a scalar is not a weight matrix");
        int[] rc = ModelEntry.matrixShape(t.shape());
        if (rc == null) throw new IllegalArgumentException(file + ": shape " + java.util.Arrays.toString(t.shape()) + " is too large for a matrix");
        return new NpyMatrix(t.toArray(), rc[0], rc[1], t.shape());
    }
}
