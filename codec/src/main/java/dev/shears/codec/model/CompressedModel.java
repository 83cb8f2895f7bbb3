package dev.shears.codec.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An ordered set of named compressed tensors: what a model file holds (see {@link ModelFile}). */
public final class CompressedModel {

    private final Map<String, ModelEntry> entries = new LinkedHashMap<>();

    /** Adds an entry; names must be unique. */
    public CompressedModel add(ModelEntry e) {
        if (entries.containsKey(e.name())) throw new IllegalArgumentException("duplicate entry name " + e.name());
        entries.put(e.name(), e);
        return this;
    }

    /** The entry called {@code name}, or null. */
    public ModelEntry get(String name) { return entries.get(name); }

    /** Entries in insertion (= file) order. */
    public List<ModelEntry> entries() { return Collections.unmodifiableList(new ArrayList<>(entries.values())); }

    /** Total payload bytes and ψ over all entries (Marinò et al. 2021: whole-network ψ sums all layers). */
    public double psi() {
        long bytes = 0, dense = 0;
        for (ModelEntry e : entries.values()) {
            bytes += e.matrix().size().totalBytes();
            dense += 4L * e.matrix().rows() * e.matrix().cols();
        }
        return dense == 0 ? Double.NaN : (double) bytes / dense;
    }
}
