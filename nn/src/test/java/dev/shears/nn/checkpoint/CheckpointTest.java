package dev.shears.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shears.nn.Module;
import dev.shears.nn.io.FileFormatException;
import dev.shears.nn.models.Models;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weight files and training checkpoints: round trips, PyTorch tolerance, corruption detection. */
class CheckpointTest {

    @Test void weightsRoundTripAndTolerateMissingBatchCounters(@TempDir Path dir) throws IOException {
        Module a = Models.create("vgg-small", 10, new Rng(1)), b = Models.create("vgg-small", 10, new Rng(2));
        Path f = dir.resolve("w.safetensors");
        ModelWeights.save(f, a, Map.of("model", "vgg-small"));
        Map<String, Tensor> state = ModelWeights.read(f);
        state.keySet().removeIf(k -> k.endsWith(".num_batches_tracked"));
        ModelWeights.load(b, state);
        for (var e : a.stateDict().entrySet()) assertArrayEquals(e.getValue().toArray(), b.stateDict().get(e.getKey()).toArray(), e.getKey());
    }

    @Test void missingWeightsAreRejectedByName(@TempDir Path dir) throws IOException {
        Module a = Models.create("lenet5", 10, new Rng(1));
        Map<String, Tensor> state = new LinkedHashMap<>(a.stateDict());
        state.remove("classifier.4.bias");
        Module.StateDictMismatchException e = assertThrows(Module.StateDictMismatchException.class, () -> ModelWeights.load(a, state));
        assertEquals(java.util.List.of("classifier.4.bias"), e.result().missingKeys());
    }

    @Test void corruptedCheckpointsFailTheChecksum(@TempDir Path dir) throws IOException {
        TrainingCheckpoint c = new TrainingCheckpoint(Map.of("w", Tensor.ones(3)), Map.of(), 2, 1, 17,
                Map.of("5", new Rng(3).state()), Map.of("mask", Tensor.zeros(2)), Map.of("note", "x"));
        Path f = dir.resolve("c.safetensors");
        c.write(f);
        TrainingCheckpoint back = TrainingCheckpoint.read(f);
        assertEquals(17, back.step());
        assertArrayEquals(new Rng(3).state(), back.rngStates().get("5"));
        assertEquals("x", back.extraStrings().get("note"));
        byte[] raw = Files.readAllBytes(f);
        raw[raw.length - 1] ^= 1;
        Files.write(f, raw);
        IOException e = assertThrows(FileFormatException.class, () -> TrainingCheckpoint.read(f));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test void plainWeightFilesAreNotCheckpoints(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("w.safetensors");
        ModelWeights.save(f, Models.create("lenet5", 10, new Rng(1)), Map.of());
        assertThrows(FileFormatException.class, () -> TrainingCheckpoint.read(f));
        assertThrows(FileFormatException.class, () -> ModelWeights.read(dir.resolve("w.bin")));
    }
}
