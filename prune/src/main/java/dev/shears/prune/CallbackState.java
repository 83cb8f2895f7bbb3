package dev.shears.prune;

import dev.shears.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading back what the pruning callbacks put into a training checkpoint's extra maps. */
public final class CallbackState {

    private CallbackState() {}

    /** The tensors whose key starts with {@code prefix}, with the prefix removed. */
    public static Map<String, Tensor> unprefixed(Map<String, Tensor> tensors, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> { if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), v); });
        return out;
    }

    /** The number stored under {@code key}; a missing or malformed value names the key. */
    public static double number(Map<String, String> strings, String key) {
        String v = strings.get(key);
        if (v == null) throw new IllegalArgumentException("checkpoint has no '" + key + "'");
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("checkpoint value '" + key + "' is not a number: " + v);
        }
    }
}
