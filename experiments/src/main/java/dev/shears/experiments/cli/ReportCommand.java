package dev.shears.experiments.cli;

import dev.shears.experiments.study.MethodsStudy;
import dev.shears.experiments.study.PretrainStudy;
import dev.shears.experiments.study.ResultFiles;
import dev.shears.experiments.study.ResultTable;
import dev.shears.experiments.study.StudyReport;
import dev.shears.tensor.io.AtomicFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shears report}: merges every {@code results.jsonl} under {@code --in} (a study's output or a
 * sweep's shards) and writes the self-contained HTML page, plus, beside it, {@code merged-results.csv},
 * {@code merged-results.jsonl} and {@code summary.md}.
 */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Merge study results into an HTML report.")
final class ReportCommand implements Callable<Integer> {

    @Option(names = "--in", required = true, description = "Study or sweep output directory.") Path in;
    @Option(names = "--out", defaultValue = "report.html", description = "HTML file to write (default ${DEFAULT-VALUE}).") Path out;
    @Option(names = "--title", defaultValue = "Shears seed studies") String title;

    @Override public Integer call() throws Exception {
        List<ResultFiles.Row> rows = ResultFiles.rows(in);
        if (rows.isEmpty()) throw new IllegalArgumentException("no results.jsonl with rows under " + in);
        List<ResultFiles.Trace> traces = ResultFiles.traces(in);
        StudyReport.build(rows, traces, title).write(out);
        Path dir = out.toAbsolutePath().getParent();
        List<Map<String, Object>> fields = new ArrayList<>();
        StringBuilder jsonl = new StringBuilder();
        for (ResultFiles.Row r : rows) {
            fields.add(r.fields());
            Json j = new Json();
            r.fields().forEach(j::put);
            if (!r.layers().isEmpty()) {
                Json l = new Json();
                r.layers().forEach(l::put);
                j.put("layers", l);
            }
            jsonl.append(j).append('\n');
        }
        AtomicFile.write(dir.resolve("merged-results.csv"), ResultTable.toCsv(fields).getBytes(StandardCharsets.UTF_8));
        AtomicFile.write(dir.resolve("merged-results.jsonl"), jsonl.toString().getBytes(StandardCharsets.UTF_8));
        List<Map<String, Object>> avg = StudyReport.averaged(rows);
        StringBuilder md = new StringBuilder();
        List<Map<String, Object>> s1 = avg.stream().filter(r -> "pretrain-vs-scratch".equals(r.get("study"))).toList();
        List<Map<String, Object>> s2 = avg.stream().filter(r -> "methods".equals(r.get("study"))).toList();
        if (!s1.isEmpty()) md.append(PretrainStudy.summary(s1, Double.NaN)).append('\n');
        if (!s2.isEmpty()) md.append(MethodsStudy.summary(s2, Double.NaN));
        AtomicFile.write(dir.resolve("summary.md"), md.toString().replace("Study wall time NaN s.", "(Merged; see each run's run.json for wall time.)").getBytes(StandardCharsets.UTF_8));
        System.out.println(new Json().put("rows", rows.size()).put("configurations", avg.size()).put("traces", traces.size()).put("report", out.toString()));
        return 0;
    }
}
