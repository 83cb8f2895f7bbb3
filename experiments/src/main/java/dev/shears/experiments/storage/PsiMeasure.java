package dev.shears.experiments.storage;

import dev.shears.codec.format.EncodedMatrix;
import dev.shears.codec.format.MatrixFormat;
import dev.shears.codec.model.CompressedModel;
import dev.shears.codec.model.ModelCompressor;
import dev.shears.codec.model.ModelEntry;
import dev.shears.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The occupancy ratio ψ = encoded bytes / dense float32 bytes (Marinò et al., arXiv 2108.12704 §4) of a
 * state dict whose weights are already quantized, per weight tensor and in total: over the weight tensors
 * only, and over the whole state dict, where biases and batch-norm tensors stay dense float32 (the papers
 * count weights only; the state-dict total is what a file of the model really costs). Sizes are the exact
 * payload sizes ({@code SizeReport}); every encoding is decoded once and compared bit for bit with its
 * input (numerically: −0 and 0 are the same weight), so a reported size is always the size of a lossless encoding.
 */
public final class PsiMeasure {

    private PsiMeasure() {}

    /** ψ rows of {@code state} with every weight in {@code format}. */
    public static List<StorageRows.Psi> of(Map<String, Tensor> state, MatrixFormat format, double sparsity, String quantizer) {
        return of(state, ModelCompressor.of(format, null, 0), format.cliName(), sparsity, quantizer);
    }

    /** ψ rows of {@code state} with convolutions in {@code conv} and fully connected weights in {@code linear} (the 2021 paper's mix). */
    public static List<StorageRows.Psi> mixed(Map<String, Tensor> state, MatrixFormat conv, MatrixFormat linear, double sparsity,
                                              String quantizer) {
        return of(state, new ModelCompressor(conv, linear, null, 0), conv.cliName() + "+" + linear.cliName(), sparsity, quantizer);
    }

    private static List<StorageRows.Psi> of(Map<String, Tensor> state, ModelCompressor compressor, String formatName, double sparsity,
                                            String quantizer) {
        CompressedModel cm = compressor.compress(state);
        List<StorageRows.Psi> rows = new ArrayList<>();
        long wBytes = 0, wDense = 0, wNonzeros = 0, allBytes = 0, allDense = 0, allNonzeros = 0;
        for (ModelEntry e : cm.entries()) {
            Tensor t = state.get(e.name());
            EncodedMatrix m = e.matrix();
            float[] original = t.toArray();
            float[] decoded = m.decode();
            for (int i = 0; i < original.length; i++) {
                if (decoded[i] != original[i]) { // numeric: a pruned -0.0 is stored as 0
                    throw new IllegalStateException(formatName + " does not round-trip " + e.name() + " at " + i); // a codec bug
                }
            }
            long nonzeros = 0;
            for (float v : original) if (v != 0f) nonzeros++;
            long bytes = m.size().totalBytes(), dense = 4L * original.length;
            allBytes += bytes;
            allDense += dense;
            allNonzeros += nonzeros;
            if (ModelCompressor.isWeight(e.name(), t)) {
                wBytes += bytes;
                wDense += dense;
                wNonzeros += nonzeros;
                rows.add(new StorageRows.Psi(sparsity, quantizer, formatName, e.name(), m.rows(), m.cols(), nonzeros, bytes, dense));
            }
        }
        rows.add(new StorageRows.Psi(sparsity, quantizer, formatName, StorageRows.Psi.WEIGHTS, 0, 0, wNonzeros, wBytes, wDense));
        rows.add(new StorageRows.Psi(sparsity, quantizer, formatName, StorageRows.Psi.STATE_DICT, 0, 0, allNonzeros, allBytes, allDense));
        return rows;
    }
}
