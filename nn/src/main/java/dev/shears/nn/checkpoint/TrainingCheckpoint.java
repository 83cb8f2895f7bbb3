package dev.shears.nn.checkpoint;

import dev.shears.nn.io.FileFormatException;
import dev.shears.nn.io.Safetensors;
import dev.shears.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything needed to continue training bit for bit: model state, optimizer state, the position (epoch,
 * batch within the epoch, optimizer step, which is also the LR-schedule position; the loader's batches are
 * a function of its seed, epoch and position), the states of the random generators the model owns (dropout masks, by module name), and extra tensors
 * and strings that callbacks save (pruning masks, penalty multipliers, ...).
 *
 * <p>Stored as one safetensors file (atomic, CRC32C-verified): tensors under {@code model.}, {@code optim.}
 * and {@code extra.} prefixes; scalars and strings in the metadata ({@code shears.checkpoint} = format
 * version, {@code epoch}, {@code batch}, {@code step}, {@code rng.<module>} = the six state
 * words in hex, {@code extra.<key>}).
 *
 * @param model          model state dict
 * @param optimizer      optimizer state dict
 * @param epoch          epoch to continue in (from 0)
 * @param batch          batches of {@code epoch} already trained
 * @param step           optimizer steps taken so far
 * @param rngStates      {@code Rng.state()} of each random module, by module name
 * @param extraTensors   callback tensors
 * @param extraStrings   callback strings
 */
public record TrainingCheckpoint(Map<String, Tensor> model, Map<String, Tensor> optimizer, int epoch, int batch, long step,
                                 Map<String, long[]> rngStates, Map<String, Tensor> extraTensors,
                                 Map<String, String> extraStrings) {

    /** Format version written to the metadata. */
    public static final String VERSION = "1";

    private static final String MODEL = "model.", OPTIM = "optim.", EXTRA = "extra.", RNG = "rng.";

    /** Writes the checkpoint atomically. */
    public void write(Path file) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.forEach((k, v) -> tensors.put(MODEL + k, v));
        optimizer.forEach((k, v) -> tensors.put(OPTIM + k, v));
        extraTensors.forEach((k, v) -> tensors.put(EXTRA + k, v));
        Map<String, String> meta = new TreeMap<>();
        meta.put("shears.checkpoint", VERSION);
        meta.put("epoch", Integer.toString(epoch));
        meta.put("batch", Integer.toString(batch));
        meta.put("step", Long.toString(step));
        HexFormat hex = HexFormat.of();
        rngStates.forEach((k, s) -> {
            StringBuilder sb = new StringBuilder();
            for (long w : s) sb.append(sb.length() == 0 ? "" : ",").append(hex.toHexDigits(w));
            meta.put(RNG + k, sb.toString());
        });
        extraStrings.forEach((k, v) -> meta.put(EXTRA + k, v));
        Safetensors.write(file, tensors, meta);
    }

    /** Reads and validates a checkpoint written by {@link #write}. */
    public static TrainingCheckpoint read(Path file) throws IOException {
        Safetensors.Contents c = Safetensors.read(file);
        Map<String, String> meta = c.metadata();
        if (!VERSION.equals(meta.get("shears.checkpoint"))) {
            throw new FileFormatException(file + ": not a Shears training checkpoint (shears.checkpoint = " + meta.get("shears.checkpoint") + ")");
        }
        Map<String, Tensor> model = new LinkedHashMap<>(), optim = new LinkedHashMap<>(), extra = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
            String k = e.getKey();
            if (k.startsWith(MODEL)) model.put(k.substring(MODEL.length()), e.getValue());
            else if (k.startsWith(OPTIM)) optim.put(k.substring(OPTIM.length()), e.getValue());
            else if (k.startsWith(EXTRA)) extra.put(k.substring(EXTRA.length()), e.getValue());
            else throw new FileFormatException(file + ": unexpected tensor '" + k + "'");
        }
        Map<String, long[]> rng = new LinkedHashMap<>();
        Map<String, String> strings = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (e.getKey().startsWith(RNG)) rng.put(e.getKey().substring(RNG.length()), parseWords(file, e.getKey(), e.getValue()));
            else if (e.getKey().startsWith(EXTRA)) strings.put(e.getKey().substring(EXTRA.length()), e.getValue());
        }
        return new TrainingCheckpoint(model, optim, (int) number(file, meta, "epoch"), (int) number(file, meta, "batch"),
                number(file, meta, "step"), rng, extra, strings);
    }

    private static long number(Path file, Map<String, String> meta, String key) throws FileFormatException {
        String v = meta.get(key);
        if (v == null) throw new FileFormatException(file + ": checkpoint metadata lacks '" + key + "'");
        try {
            long n = Long.parseLong(v);
            if (n < 0 || (!key.equals("step") && n > Integer.MAX_VALUE)) {
                throw new FileFormatException(file + ": checkpoint '" + key + "' = " + v + " out of range");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new FileFormatException(file + ": checkpoint '" + key + "' = '" + v + "' is not an integer");
        }
    }

    private static long[] parseWords(Path file, String key, String v) throws FileFormatException {
        String[] parts = v.split(",", -1);
        if (parts.length != 6) throw new FileFormatException(file + ": '" + key + "' must hold 6 words, has " + parts.length);
        long[] s = new long[6];
        try {
            for (int i = 0; i < 6; i++) {
                if (parts[i].length() != 16) throw new NumberFormatException(parts[i]);
                s[i] = HexFormat.fromHexDigitsToLong(parts[i]);
            }
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file + ": '" + key + "' is not 6 hex words: " + v);
        }
        return s;
    }
}
