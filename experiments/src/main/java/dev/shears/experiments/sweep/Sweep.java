package dev.shears.experiments.sweep;

import dev.shears.tensor.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the runs of a grid shard, each into {@code out/runs/<id>/}, skipping those already complete. A run is
 * complete when its {@code result.json} exists; it is written atomically as the run's last act, so a crash
 * mid-run leaves no result and the run is redone on restart (idempotent resume). Shards never share a run,
 * so n machines (a Slurm array, a Kubernetes indexed Job) can each take {@code --shard i/n} of one grid and
 * write into one shared directory.
 */
public final class Sweep {

    /** Executes one run; returns its result as one JSON object. */
    public interface Runner {
        String run(Grid.Run run, Path dir) throws Exception;
    }

    /** What happened to each run of the shard. */
    public record Outcome(Grid.Run run, String status, String error) {}

    private Sweep() {}

    public static Path resultFile(Path out, Grid.Run run) { return out.resolve("runs").resolve(run.id()).resolve("result.json"); }

    public static List<Outcome> execute(Grid grid, int shard, int shards, Path out, Runner runner) throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        for (Grid.Run run : grid.shard(shard, shards)) {
            Path result = resultFile(out, run);
            if (Files.isRegularFile(result)) {
                outcomes.add(new Outcome(run, "skipped", null));
                continue;
            }
            Path dir = result.getParent();
            Files.createDirectories(dir);
            try {
                String json = runner.run(run, dir);
                AtomicFiles.write(result, (json.strip() + "\n").getBytes(StandardCharsets.UTF_8));
                outcomes.add(new Outcome(run, "done", null));
            } catch (Exception e) {
                AtomicFiles.write(dir.resolve("error.txt"), String.valueOf(e).getBytes(StandardCharsets.UTF_8));
                outcomes.add(new Outcome(run, "failed", String.valueOf(e)));
            }
        }
        return outcomes;
    }
}
