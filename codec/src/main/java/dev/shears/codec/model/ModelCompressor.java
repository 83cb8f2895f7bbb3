package dev.shears.codec.model;

import dev.shears.codec.format.MatrixFormat;
import dev.shears.codec.quant.QuantizedWeights;
import dev.shears.codec.quant.Quantizer;
import dev.shears.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a state dict into a {@link CompressedModel} and back (Marinò et al. 2021's pipeline after pruning:
 * quantize, then encode). Weights of rank ≥ 2 (convolutions, reshaped {@code out × in·kh·kw}, and linear
 * layers) are quantized with the plan's quantizer, per tensor, and encoded in the plan's format for their
 * kind; everything else (biases, batch-norm parameters and statistics) is small and stays dense float32,
 * as in the paper, which compresses weights only.
 *
 * <p>The 2021 paper stores convolutions in IM and fully connected layers in HAM/sHAM; pass different
 * formats for {@code convFormat} and {@code linearFormat} to do the same.
 *
 * @param convFormat   format of rank-4 weights
 * @param linearFormat format of rank-2 weights
 * @param quantizer    null for none
 * @param levels       codebook size k
 */
public record ModelCompressor(MatrixFormat convFormat, MatrixFormat linearFormat, Quantizer quantizer, int levels) {

    public ModelCompressor {
        if (quantizer != null && levels < 1) throw new IllegalArgumentException("levels must be >= 1, got " + levels);
    }

    /** One format for every weight. */
    public static ModelCompressor of(MatrixFormat format, Quantizer quantizer, int levels) {
        return new ModelCompressor(format, format, quantizer, levels);
    }

    /** True for tensors that are quantized and encoded in a weight format. */
    public static boolean isWeight(String name, Tensor t) { return t.rank() >= 2; }

    /** Compresses every tensor of {@code state}, in order. */
    public CompressedModel compress(Map<String, Tensor> state) {
        CompressedModel model = new CompressedModel();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            Tensor t = e.getValue();
            int[] shape = t.rank() == 0 ? new int[] {1} : t.shape();
            int[] rc = ModelEntry.matrixShape(shape);
            float[] w = t.toArray();
            Map<String, String> meta = new LinkedHashMap<>();
            MatrixFormat f = MatrixFormat.DENSE;
            if (isWeight(e.getKey(), t)) {
                f = t.rank() == 2 ? linearFormat : convFormat;
                if (quantizer != null) {
                    QuantizedWeights q = quantizer.quantize(w, levels);
                    w = q.values();
                    meta.put("quantizer", quantizer.name());
                    meta.put("levels", Integer.toString(levels));
                }
            }
            if (t.rank() == 0) meta.put("scalar", "true");
            model.add(new ModelEntry(e.getKey(), shape, meta, f.encode(w, rc[0], rc[1])));
        }
        return model;
    }

    /** The tensors of a compressed model, decoded, in file order (scalars restored to rank 0). */
    public static LinkedHashMap<String, Tensor> decompress(CompressedModel model) {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (ModelEntry e : model.entries()) {
            float[] w = e.matrix().decode();
            boolean scalar = "true".equals(e.metadata().get("scalar"));
            out.put(e.name(), scalar ? Tensor.scalar(w[0]) : Tensor.of(w, e.shape()));
        }
        return out;
    }
}
