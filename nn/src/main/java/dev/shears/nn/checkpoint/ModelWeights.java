package dev.shears.nn.checkpoint;

import dev.shears.nn.Module;
import dev.shears.nn.io.FileFormatException;
import dev.shears.nn.io.Npz;
import dev.shears.nn.io.Safetensors;
import dev.shears.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Model weights on disk: a state dict (parameters and buffers by dotted name) as safetensors, written
 * atomically with a CRC32C of the data in the metadata and verified on load ({@link Safetensors}). Also reads
 * PyTorch state dicts saved as {@code .safetensors} or {@code .npz} (e.g. by {@code tools/export_torchvision.py})
 * under torchvision's names; int64 buffers are converted to float.
 */
public final class ModelWeights {

    /** Suffix of the batch-norm counter older PyTorch checkpoints lack; Shears never reads it. */
    public static final String NUM_BATCHES_TRACKED = "num_batches_tracked";

    private ModelWeights() {}

    /** Writes {@code model}'s state dict with {@code metadata} atomically to {@code file}. */
    public static void save(Path file, Module model, Map<String, String> metadata) throws IOException {
        Safetensors.write(file, model.stateDict(), metadata);
    }

    /** The tensors of a {@code .safetensors} or {@code .npz} file, by name. */
    public static Map<String, Tensor> read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".npz")) return Npz.read(file);
        if (name.endsWith(".safetensors")) return Safetensors.read(file).tensors();
        throw new FileFormatException(file + ": unknown weights format (expected .safetensors or .npz)");
    }

    /**
     * Loads {@code state} into {@code model} strictly: every key must match in name and shape, except that
     * a missing {@code *.num_batches_tracked} keeps the model's value. Nothing is loaded on failure.
     *
     * @throws Module.StateDictMismatchException naming missing, unexpected and mis-shaped keys
     */
    public static void load(Module model, Map<String, Tensor> state) {
        Map<String, Tensor> full = new LinkedHashMap<>(state);
        for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
            if (e.getKey().endsWith("." + NUM_BATCHES_TRACKED) || e.getKey().equals(NUM_BATCHES_TRACKED)) {
                full.putIfAbsent(e.getKey(), e.getValue());
            }
        }
        model.loadStateDict(full, true);
    }

    /** {@link #read} then {@link #load}. */
    public static void load(Module model, Path file) throws IOException { load(model, read(file)); }
}
