package dev.shears.experiments.cli;

import dev.shears.tensor.Parallel;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every long-running subcommand shares: seed, threads, data and output directories, profile. */
public final class CommonOptions {

    /** quick: minutes on 2 cores, for smoke tests; full: the real experiment. */
    public enum Profile { quick, full }

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    public long seed;

    @Option(names = "--threads", description = "Compute threads (default: all processors).")
    public Integer threads;

    @Option(names = "--data", description = "Dataset directory (default: the installed or embedded dataset).")
    public Path data;

    @Option(names = "--out", defaultValue = "runs/latest", description = "Output directory (default ${DEFAULT-VALUE}).")
    public Path out;

    @Option(names = "--profile", defaultValue = "full", description = "quick or full (default ${DEFAULT-VALUE}).")
    public Profile profile;

    /** Applies the thread count to the compute pool; rejects values below 1. */
    public void apply() {
        if (threads != null) {
            if (threads < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
            Parallel.setThreads(threads);
        }
    }
}
