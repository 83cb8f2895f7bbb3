package dev.shears.experiments.cli;

import dev.shears.experiments.sweep.Grid;
import dev.shears.experiments.sweep.Sweep;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shears sweep}: runs shard {@code i/n} of a grid of single study runs into {@code --out/runs/<id>/}.
 * Each run's parameters become options of {@code shears experiment <study>}: the parameter {@code study}
 * picks the study ({@code methods} or {@code pretrain-vs-scratch}) and every other parameter {@code k=v} is
 * passed as {@code --k v} — e.g. {@code method=halo+oneshot} needs the option's own name, so grids use
 * {@code methods}, {@code sparsities}, {@code seed}, {@code profile}, {@code threads}, {@code settings},
 * {@code networks}, {@code granularities}, {@code epochs}. Completed runs are skipped on restart, so a
 * shard can be re-run until it is done; {@code shears report --in DIR} merges every run.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, description = "Run (a shard of) a grid of study runs.")
final class SweepCommand implements Callable<Integer> {

    @Option(names = "--grid", required = true, description = "Grid JSON: {\"axes\": {...}, \"fixed\": {...}}.") Path grid;
    @Option(names = "--out", required = true, description = "Output directory shared by all shards.") Path out;
    @Option(names = "--shard", defaultValue = "0/1", description = "i/n, 0-based (default ${DEFAULT-VALUE}).") String shard;
    @Option(names = "--dry-run", description = "List this shard's runs without running them.") boolean dryRun;

    @Override public Integer call() throws Exception {
        Grid g = Grid.parse(Files.readString(grid, StandardCharsets.UTF_8));
        int[] s = Grid.parseShard(shard);
        if (dryRun) {
            for (Grid.Run r : g.shard(s[0], s[1])) System.out.println(new Json().put("id", r.id()).put("args", String.join(" ", args(r, Sweep.resultFile(out, r).getParent()))));
            return 0;
        }
        List<Sweep.Outcome> outcomes = Sweep.execute(g, s[0], s[1], out, SweepCommand::runOne);
        int failed = 0;
        for (Sweep.Outcome o : outcomes) {
            System.out.println(new Json().put("id", o.run().id()).put("status", o.status()).put("error", o.error()));
            if (o.status().equals("failed")) failed++;
        }
        return failed == 0 ? 0 : 1;
    }

    /** The {@code shears experiment} arguments of one run. */
    static List<String> args(Grid.Run run, Path dir) {
        Map<String, String> p = run.params();
        String study = p.get("study");
        if (study == null) throw new IllegalArgumentException("run " + run.id() + " has no 'study' parameter");
        List<String> a = new ArrayList<>(List.of("experiment", study));
        p.forEach((k, v) -> { if (!k.equals("study")) { a.add("--" + k); a.add(v); } });
        a.add("--out");
        a.add(dir.toString());
        return a;
    }

    private static String runOne(Grid.Run run, Path dir) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cl = ShearsMain.commandLine();
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        long t0 = System.nanoTime();
        int code = cl.execute(args(run, dir).toArray(String[]::new));
        if (code != 0) throw new IllegalStateException("exit " + code + ": " + err.toString(StandardCharsets.UTF_8).strip());
        long rows;
        try (var lines = Files.lines(dir.resolve("results.jsonl"))) {
            rows = lines.filter(l -> !l.isBlank()).count();
        }
        return new Json().put("id", run.id()).put("rows", rows).put("seconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0).toString();
    }
}
