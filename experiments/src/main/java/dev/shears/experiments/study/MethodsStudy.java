package dev.shears.experiments.study;

import dev.shears.experiments.cli.Json;
import dev.shears.nn.Module;
import dev.shears.nn.data.ImageDataset;
import dev.shears.prune.SparsityReport;
import dev.shears.prune.method.PruningConfig;
import dev.shears.prune.method.PruningMethod;
import dev.shears.prune.schedule.PruningSchedule;
import dev.shears.prune.schedule.ScheduleShape;
import dev.shears.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Study 2: pruning methods at equal training budget, following the shared peer {@code halo_torch.py}.
 * vgg-small on Fashion-MNIST; every method trains for the same epochs with SGD (lr 0.05 one-cycle,
 * momentum 0.9, wd 5e-4, batch 128):
 * <ul>
 *   <li>{@code plain+oneshot}: plain training, then one-shot global magnitude pruning, no fine-tune;</li>
 *   <li>{@code halo+oneshot}: training with the HALO penalty ξ·Σ|θ|/λ² + ψ·Σ|λ| on the conv and hidden
 *       linear weights (the peer's choice; Seto et al. penalise convolutions only on CIFAR, linear layers
 *       too on MNIST), λ trained by its own SGD at the same one-cycle rate, then one-shot global magnitude
 *       pruning, no fine-tune (Seto et al. 2021, §4);</li>
 *   <li>{@code agp}: gradual magnitude pruning, global, AGP schedule over the first 75% of steps, masks
 *       recomputed every 20 steps (the peer's);</li>
 *   <li>{@code weightmom}: WeightMom with the same schedule and period.</li>
 * </ul>
 * The plain and HALO models are trained once and pruned to every sparsity, so their training cost is shared.
 */
public final class MethodsStudy {

    /** All methods of the study, in report order. */
    public static final List<String> METHODS = List.of("plain+oneshot", "halo+oneshot", "agp", "weightmom");

    /**
     * @param model      registered model name
     * @param recipe     training recipe of every method
     * @param sparsities targets
     * @param methods    subset of {@link #METHODS}
     * @param xi         HALO ξ
     * @param psi        HALO ψ
     * @param seed       initialisation and shuffling seed
     */
    public record Plan(String model, Recipe recipe, List<Double> sparsities, List<String> methods, double xi, double psi, long seed) {}

    /** The peer's settings: 3 epochs, ξ = ψ = 1e-5, sparsities 80/90/95/98%. */
    public static Plan full(long seed) {
        return new Plan("vgg-small", Recipe.peer(3, 0.05), List.of(0.8, 0.9, 0.95, 0.98), METHODS, 1e-5, 1e-5, seed);
    }

    /** Minutes on 2 cores: 2 epochs at batch 64 (on a small training set), two sparsities. */
    public static Plan quick(long seed) {
        return new Plan("vgg-small", Recipe.peer(2, 0.05).withBatch(64), List.of(0.8, 0.95), METHODS, 1e-5, 1e-5, seed);
    }

    private MethodsStudy() {}

    /** Runs the plan, writing rows into {@code table} and traces into {@code out/traces}. */
    public static void run(Plan p, ImageDataset train, ImageDataset test, Path out, ResultTable table) throws IOException {
        for (String m : p.methods()) if (!METHODS.contains(m)) throw new IllegalArgumentException("unknown method '" + m + "'; known: " + METHODS);
        Path traces = Files.createDirectories(out.resolve("traces"));
        int classes = train.numClasses();
        for (String method : p.methods()) {
            if (method.endsWith("+oneshot")) {
                boolean halo = method.startsWith("halo");
                Module net = Networks.build(p.model(), classes, p.seed());
                PruningMethod pm = halo ? PruningMethod.create(net, haloConfig(p, p.sparsities().get(0))) : null;
                // Train only: the one-shot step below replaces PruningMethod.finish() for every target.
                RunResult dense = PrunedTraining.run(net, train, test, p.recipe(), pm, false,
                        p.seed(), new PrunedTraining.Options(halo ? traces.resolve("halo.jsonl") : null, null, null, false));
                Map<String, Tensor> state = Networks.snapshot(net);
                Map<String, Object> extra = new LinkedHashMap<>();
                if (halo) extra.putAll(lambdaStats(pm.penalty().scales()));
                for (double s : p.sparsities()) {
                    net.loadStateDict(state, true);
                    Networks.pruneOneShot(net, s, p.seed());
                    double acc = PrunedTraining.accuracy(net, test);
                    SparsityReport rep = SparsityReport.of(net, dev.shears.prune.LayerSelector.defaults().select(net));
                    RunResult r = new RunResult(acc, rep, dense.seconds(), dense.steps());
                    table.add(row(p, method, s, dense.accuracy(), r, train.size(), extra), ResultTable.layers(r));
                }
            } else {
                for (double s : p.sparsities()) {
                    Module net = Networks.build(p.model(), classes, p.seed());
                    PruningConfig c = gradualConfig(method.equals("agp") ? "magnitude" : "weightmom", s, p.seed());
                    PruningMethod pm = PruningMethod.create(net, c);
                    Path trace = traces.resolve(method + "-" + String.format(Locale.ROOT, "%.2f", s) + ".jsonl");
                    RunResult r = PrunedTraining.run(net, train, test, p.recipe(), pm, true, p.seed(), new PrunedTraining.Options(trace, null, null, false));
                    table.add(row(p, method, s, Double.NaN, r, train.size(), Map.of()), ResultTable.layers(r));
                }
            }
        }
    }

    /** HALO as the peer runs it: ξ, ψ, p = 0, L1 hyper-penalty, conv and hidden linear layers. */
    static PruningConfig haloConfig(Plan p, double sparsity) {
        return PruningConfig.defaults("halo", sparsity).withHalo(p.xi(), p.psi(), 0, dev.shears.prune.halo.HaloPenalty.Hyper.L1)
                .withLambdaWeightDecay(p.recipe().weightDecay()).withSeed(p.seed());
    }

    /** Gradual pruning as the peer's AGP: global, weight granularity, cubic over the first 75% of steps, every 20 steps. */
    static PruningConfig gradualConfig(String method, double sparsity, long seed) {
        return PruningConfig.defaults(method, sparsity).withSchedule(new PruningSchedule(ScheduleShape.AGP, 0, sparsity, 0, 0.75, 3))
                .withEvery(20).withSeed(seed);
    }

    private static Map<String, Object> row(Plan p, String method, double s, double dense, RunResult r, int trainSize, Map<String, Object> extra) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("study", "methods");
        row.put("model", p.model());
        row.put("method", method);
        row.put("sparsity", s);
        row.put("seed", p.seed());
        row.put("dense_acc", Double.isNaN(dense) ? null : ResultTable.round(dense));
        row.put("acc", ResultTable.round(r.accuracy()));
        row.put("layers_sparsity", ResultTable.round(r.report().layersSparsity()));
        row.put("model_sparsity", ResultTable.round(r.report().modelSparsity()));
        row.put("train_seconds", Math.round(r.seconds() * 10) / 10.0);
        row.put("steps", r.steps());
        row.put("epochs", p.recipe().epochs());
        row.put("train_size", trainSize);
        row.put("xi", method.startsWith("halo") ? p.xi() : 0.0);
        row.put("psi", method.startsWith("halo") ? p.psi() : 0.0);
        row.putAll(extra);
        return row;
    }

    /** Median and minimum of all λ (the peer prints both). */
    static Map<String, Object> lambdaStats(List<Tensor> lambdas) {
        int n = 0;
        for (Tensor t : lambdas) n += t.numel();
        float[] all = new float[n];
        int k = 0;
        for (Tensor t : lambdas) for (float v : t.toArray()) all[k++] = v;
        Arrays.sort(all);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lambda_median", n == 0 ? null : ResultTable.round(all[n / 2]));
        m.put("lambda_min", n == 0 ? null : ResultTable.round(all[0]));
        return m;
    }

    /** Studies write a markdown summary: one table of accuracy by method and sparsity. */
    public static String summary(List<Map<String, Object>> rows, double wallSeconds) {
        List<Double> ss = new ArrayList<>();
        List<String> ms = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            if (!ss.contains((Double) r.get("sparsity"))) ss.add((Double) r.get("sparsity"));
            if (!ms.contains((String) r.get("method"))) ms.add((String) r.get("method"));
        }
        ss.sort(null); // merged results arrive in any order
        StringBuilder sb = new StringBuilder("# Study 2: pruning methods at equal training budget\n\n");
        sb.append("Top-1 test accuracy (%) after pruning to each sparsity (conv + hidden linear weights).\n\n| method | dense |");
        for (double s : ss) sb.append(String.format(Locale.ROOT, " %.0f%% |", 100 * s));
        sb.append(" train s | steps |\n|---|---|").append("---|".repeat(ss.size())).append("---|---|\n");
        for (String m : ms) {
            sb.append("| ").append(m).append(" | ");
            Object dense = null, secs = null, steps = null;
            StringBuilder cells = new StringBuilder();
            double totalSecs = 0;
            for (double s : ss) {
                Map<String, Object> r = find(rows, m, s);
                if (r == null) { cells.append(" – |"); continue; }
                if (dense == null) dense = r.get("dense_acc");
                secs = r.get("train_seconds");
                steps = r.get("steps");
                totalSecs += ((Number) r.get("train_seconds")).doubleValue();
                cells.append(String.format(Locale.ROOT, " %.2f |", 100 * ((Number) r.get("acc")).doubleValue()));
            }
            sb.append(dense == null ? "–" : String.format(Locale.ROOT, "%.2f", 100 * ((Number) dense).doubleValue())).append(" |").append(cells);
            sb.append(' ').append(m.endsWith("oneshot") ? secs : Math.round(totalSecs * 10) / 10.0).append(" | ").append(steps).append(" |\n");
        }
        sb.append(String.format(Locale.ROOT, "%nTraining seconds: one shared training for the one-shot methods, the sum over targets for the gradual ones. Study wall time %.0f s.%n", wallSeconds));
        return sb.toString();
    }

    static Map<String, Object> find(List<Map<String, Object>> rows, String method, double s) {
        for (Map<String, Object> r : rows) if (method.equals(r.get("method")) && r.get("sparsity").equals(s)) return r;
        return null;
    }
}
