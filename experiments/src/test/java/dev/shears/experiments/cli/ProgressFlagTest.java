package dev.shears.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The progress flags mean what they say: {@code storage --no-progress}, {@code prune --[no-]progress}. */
class ProgressFlagTest {

    private static StorageExperimentCommand storage(String... args) {
        StorageExperimentCommand c = new StorageExperimentCommand();
        new CommandLine(c).parseArgs(args);
        return c;
    }

    private static PruneCommand prune(String... flags) {
        PruneCommand c = new PruneCommand();
        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("--model", "vgg-small", "--sparsity", "0.5"),
                java.util.Arrays.stream(flags)).toArray(String[]::new);
        new CommandLine(c).parseArgs(args);
        return c;
    }

    @Test void storageProgressIsOnByDefaultAndOffWithNoProgress() {
        assertFalse(storage().noProgress);
        assertTrue(storage("--no-progress").noProgress);
    }

    @Test void pruneProgressIsOffByDefaultAndOnWithProgress() {
        assertFalse(prune().progress);
        assertTrue(prune("--progress").progress);
        assertFalse(prune("--no-progress").progress);
    }
}
