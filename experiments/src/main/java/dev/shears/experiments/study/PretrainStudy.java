package dev.shears.experiments.study;

import dev.shears.nn.Module;
import dev.shears.nn.data.ImageDataset;
import dev.shears.nn.io.Safetensors;
import dev.shears.prune.method.PruningConfig;
import dev.shears.prune.method.PruningMethod;
import dev.shears.prune.schedule.PruningSchedule;
import dev.shears.prune.schedule.ScheduleShape;
import dev.shears.prune.score.Granularity;
import dev.shears.prune.score.MaskSelector;
import dev.shears.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Study 1: does pre-training make a network easier to prune? (Hubens et al. 2021, "Going deeper with
 * pruning after pre-training"; the protocol of the shared peer {@code study1_torch.py}.)
 *
 * <p>For each setting and network: pre-train on the source task (lr 0.05), then on the small target task
 * either fine-tune the pre-trained net (lr 0.02) or train a fresh one from scratch (lr 0.05), both for
 * max(TE, TE·8000/n) epochs so that every target size gets the same number of steps; then prune each of the
 * two to every sparsity with gradual magnitude pruning and fine-tuning (AGP over the first 75% of the steps,
 * masks every 20 steps, lr 0.01, max(PE, PE·8000/n) epochs), from the dense weights each time. The peer keeps
 * the 10-way head through fine-tuning (the split targets use its first five outputs); so does Shears, so
 * both regimes have identical architectures. Granularity {@code weight} uses one global threshold (the peer's);
 * {@code weight-local} one threshold per layer (fasterai v1's weight pruning, which cannot strip a layer
 * bare: with one global threshold, MobileNetV1-0.25 at 95% keeps 1 or 2 of its last pointwise layer's
 * 65,536 weights and falls to chance); {@code filter} ranks filters by Σ|w| with a per-layer threshold
 * (fasterai v1's filter pruning, with the bias and batch norm of a removed filter masked too).
 */
public final class PretrainStudy {

    /**
     * One source → target transfer.
     *
     * @param name       e.g. {@code same-domain-500}
     * @param source     pre-training set
     * @param sourceTest its test set (to report the pre-trained accuracy)
     * @param target     the small target training set
     * @param test       the target test set
     */
    public record Setting(String name, ImageDataset source, ImageDataset sourceTest, ImageDataset target, ImageDataset test) {}

    /**
     * @param networks       registered model names
     * @param pretrainEpochs source epochs
     * @param targetEpochs   TE
     * @param pruneEpochs    PE
     * @param referenceSize  the target size at which TE and PE apply unscaled (the peer's 8000)
     * @param batch          batch size
     * @param sparsities     pruning targets (0 is the dense base)
     * @param granularities  weight (global threshold), weight-local and/or filter
     * @param seed           seed
     */
    public record Plan(List<String> networks, int pretrainEpochs, int targetEpochs, int pruneEpochs, int referenceSize, int batch,
                       List<Double> sparsities, List<String> granularities, long seed) {}

    /**
     * The peer's settings: 3 / 6 / 3 epochs at 8000 target images, batch 128, both networks, sparsities 0–99%.
     *
     * <p>The MobileNetV1 "sized for 28×28" is {@code mobilenetv1-28-0.25}: the CIFAR strides (stride-1 stem)
     * and width multiplier 0.25 (Howard et al. 2017, §3.3, the paper's own knob for sizing the network to a
     * budget), 215 k parameters, a quarter of vgg-small's 871 k. Hubens et al. set the compact MobileNetV1
     * (4.2 M parameters) beside the much larger VGG16 (138 M); a quarter-width net keeps that contrast. At width 1
     * (3.2 M parameters, more than vgg-small) a training step costs 9× vgg-small's here, about 53 hours of one
     * core for the full study, against ~1.3× at width 0.25.
     */
    public static Plan full(long seed) {
        return new Plan(List.of("vgg-small", "mobilenetv1-28-0.25"), 3, 6, 3, 8000, 128, List.of(0.0, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99),
                List.of("weight", "filter"), seed);
    }

    /** Minutes on 2 cores: vgg-small, 2 source epochs, 24 target and 8 pruning epochs of the 100-image target (one batch each), three sparsities. */
    public static Plan quick(long seed) {
        return new Plan(List.of("vgg-small"), 2, 24, 8, 0, 64, List.of(0.0, 0.5, 0.9), List.of("weight", "filter"), seed);
    }

    private PretrainStudy() {}

    static int scaled(int epochs, int reference, int n) { return reference <= 0 ? epochs : Math.max(epochs, epochs * reference / n); }

    /**
     * Runs every setting × network × regime × granularity × sparsity, writing rows into {@code table}.
     *
     * <p>The pre-trained network and the two dense bases are saved under {@code out/models} as they are
     * trained. Rows already in {@code table} (a resumed table) are skipped, and a saved model is loaded
     * instead of being trained again, so a stopped study resumes where it was: every pruning run starts from
     * the dense weights and the study's seed alone, so resumed rows equal those of an uninterrupted run.
     */
    public static void run(Plan p, List<Setting> settings, Path out, ResultTable table) throws IOException {
        Map<String, Map<String, Tensor>> pretrained = new HashMap<>(); // cross-domain 500 and 8000 share a source
        Map<String, Double> sourceAcc = new HashMap<>();
        Path traces = Files.createDirectories(out.resolve("traces"));
        Path models = Files.createDirectories(out.resolve("models"));
        for (Setting st : settings) {
            int n = st.target().size();
            int te = scaled(p.targetEpochs(), p.referenceSize(), n), pe = scaled(p.pruneEpochs(), p.referenceSize(), n);
            for (String net : p.networks()) {
                if (allDone(p, table, st.name(), net)) {
                    System.err.printf(Locale.ROOT, "study1: %s %s already complete, skipped%n", st.name(), net);
                    continue;
                }
                String key = st.source().size() + "/" + st.source().numClasses() + "/" + net;
                if (!pretrained.containsKey(key)) {
                    Path file = models.resolve(String.format(Locale.ROOT, "pretrained-%d-%d-%s.safetensors", st.source().size(), st.source().numClasses(), net));
                    Safetensors.Contents saved = Files.exists(file) ? Safetensors.read(file) : null;
                    if (saved != null && saved.metadata().containsKey("source_acc")) {
                        pretrained.put(key, saved.tensors());
                        sourceAcc.put(key, Double.parseDouble(saved.metadata().get("source_acc")));
                        System.err.printf(Locale.ROOT, "study1: pre-trained %s loaded from %s%n", net, file);
                    } else {
                        Module pre = Networks.build(net, 10, p.seed());
                        RunResult r = PrunedTraining.run(pre, st.source(), st.sourceTest(), new Recipe(p.pretrainEpochs(), p.batch(), 0.05, 0.9, 5e-4),
                                null, true, p.seed(), PrunedTraining.Options.NONE);
                        pretrained.put(key, Networks.snapshot(pre));
                        sourceAcc.put(key, r.accuracy());
                        Safetensors.write(file, pre.stateDict(), Map.of("source_acc", Double.toString(r.accuracy())));
                        System.err.printf(Locale.ROOT, "study1: pre-trained %s on %s source: %.4f (%.0f s)%n", net, st.name(), r.accuracy(), r.seconds());
                    }
                }
                Module ft = Networks.build(net, 10, p.seed());
                ft.loadStateDict(pretrained.get(key), true);
                denseBase(ft, models.resolve(st.name() + "-" + net + "-fine-tuned.safetensors"), st, new Recipe(te, p.batch(), 0.02, 0.9, 5e-4), p.seed());
                Module sc = Networks.build(net, 10, p.seed() + 1);
                denseBase(sc, models.resolve(st.name() + "-" + net + "-scratch.safetensors"), st, new Recipe(te, p.batch(), 0.05, 0.9, 5e-4), p.seed());
                for (Module base : List.of(ft, sc)) {
                    String regime = base == ft ? "fine-tuned" : "scratch";
                    double dense = PrunedTraining.accuracy(base, st.test());
                    Map<String, Tensor> state = Networks.snapshot(base);
                    for (String g : p.granularities()) {
                        for (double s : p.sparsities()) {
                            Map<String, Object> row = new LinkedHashMap<>(rowKey(st.name(), net, regime, g, s, p.seed()));
                            if (table.has(row)) continue;
                            row.put("target_size", n);
                            row.put("source_acc", ResultTable.round(sourceAcc.get(key)));
                            row.put("dense_acc", ResultTable.round(dense));
                            if (s == 0) {
                                row.put("acc", ResultTable.round(dense));
                                row.put("drop", 0.0);
                                row.put("layers_sparsity", 0.0);
                                row.put("train_seconds", 0.0);
                                row.put("steps", 0L);
                                table.add(row, null);
                                continue;
                            }
                            Module m = Networks.build(net, 10, p.seed());
                            m.loadStateDict(state, true);
                            PruningMethod pm = PruningMethod.create(m, config(g, s, p.seed()));
                            Path trace = traces.resolve(String.format(Locale.ROOT, "%s-%s-%s-%s-%.2f.jsonl", st.name(), net, regime, g, s));
                            RunResult r = PrunedTraining.run(m, st.target(), st.test(), new Recipe(pe, p.batch(), 0.01, 0.9, 5e-4), pm, true, p.seed(),
                                    new PrunedTraining.Options(trace, null, null, false));
                            row.put("acc", ResultTable.round(r.accuracy()));
                            row.put("drop", ResultTable.round(dense - r.accuracy()));
                            row.put("layers_sparsity", ResultTable.round(r.report().layersSparsity()));
                            row.put("train_seconds", Math.round(r.seconds() * 10) / 10.0);
                            row.put("steps", r.steps());
                            table.add(row, ResultTable.layers(r));
                        }
                    }
                }
            }
        }
    }

    /** Trains {@code m} on the target with {@code recipe} and saves it to {@code file}, or loads it from there if a run already did. */
    private static void denseBase(Module m, Path file, Setting st, Recipe recipe, long seed) throws IOException {
        if (Files.exists(file)) {
            m.loadStateDict(Safetensors.read(file).tensors(), true);
            return;
        }
        PrunedTraining.run(m, st.target(), st.test(), recipe, null, true, seed, PrunedTraining.Options.NONE);
        Safetensors.write(file, m.stateDict(), Map.of());
    }

    /** The fields that identify a row of this study. */
    static Map<String, Object> rowKey(String setting, String net, String regime, String granularity, double s, long seed) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("study", "pretrain-vs-scratch");
        row.put("setting", setting);
        row.put("network", net);
        row.put("regime", regime);
        row.put("granularity", granularity);
        row.put("sparsity", s);
        row.put("seed", seed);
        return row;
    }

    private static boolean allDone(Plan p, ResultTable table, String setting, String net) {
        for (String regime : List.of("fine-tuned", "scratch")) {
            for (String g : p.granularities()) {
                for (double s : p.sparsities()) if (!table.has(rowKey(setting, net, regime, g, s, p.seed()))) return false;
            }
        }
        return true;
    }

    /** Throws IllegalArgumentException naming the choices unless {@code granularity} is one this study runs. */
    public static void checkGranularity(String granularity) {
        if (!List.of("weight", "weight-local", "filter").contains(granularity)) {
            throw new IllegalArgumentException("unknown granularity '" + granularity + "'; study 1 runs weight, weight-local and filter");
        }
    }

    /** Gradual magnitude pruning as in the peer: AGP over the first 75% of steps, every 20 steps. */
    static PruningConfig config(String granularity, double s, long seed) {
        Granularity g = Granularity.parse(granularity.equals("weight-local") ? "weight" : granularity);
        MaskSelector.Scope scope = granularity.equals("weight") ? MaskSelector.Scope.GLOBAL : MaskSelector.Scope.LOCAL;
        return PruningConfig.defaults("magnitude", s).withGranularity(g).withScope(scope)
                .withSchedule(new PruningSchedule(ScheduleShape.AGP, 0, s, 0, 0.75, 3)).withEvery(20).withSeed(seed);
    }

    /** The highest sparsity whose accuracy is within {@code points} percentage points of the dense one (0 if none). */
    public static double highestWithin(List<Map<String, Object>> rows, double points) {
        double best = 0;
        for (Map<String, Object> r : rows) {
            double dense = ((Number) r.get("dense_acc")).doubleValue(), acc = ((Number) r.get("acc")).doubleValue();
            double s = ((Number) r.get("sparsity")).doubleValue();
            if (dense - acc <= points / 100 + 1e-9) best = Math.max(best, s);
        }
        return best;
    }

    /** Markdown: accuracy by sparsity per setting/network/granularity/regime, and the highest sparsity within 1 point. */
    public static String summary(List<Map<String, Object>> rows, double wallSeconds) {
        Map<String, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        List<Double> ss = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            String k = r.get("setting") + " | " + r.get("network") + " | " + r.get("granularity") + " | " + r.get("regime");
            groups.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
            double s = ((Number) r.get("sparsity")).doubleValue();
            if (!ss.contains(s)) ss.add(s);
        }
        ss.sort(null); // merged results arrive in any order
        StringBuilder sb = new StringBuilder("# Study 1: pre-training vs scratch, then magnitude pruning\n\n");
        sb.append("Top-1 target test accuracy (%) by sparsity of the conv and hidden linear weights; last column: highest sparsity within 1 point of the regime's own dense accuracy.\n\n");
        sb.append("| setting | network | granularity | regime |");
        for (double s : ss) sb.append(String.format(Locale.ROOT, " %.0f%% |", 100 * s));
        sb.append(" within 1 pt |\n|---|---|---|---|").append("---|".repeat(ss.size())).append("---|\n");
        for (Map.Entry<String, List<Map<String, Object>>> e : groups.entrySet()) {
            sb.append("| ").append(e.getKey()).append(" |");
            for (double s : ss) {
                Map<String, Object> hit = null;
                for (Map<String, Object> r : e.getValue()) if (((Number) r.get("sparsity")).doubleValue() == s) hit = r;
                sb.append(hit == null ? " – |" : String.format(Locale.ROOT, " %.2f |", 100 * ((Number) hit.get("acc")).doubleValue()));
            }
            sb.append(String.format(Locale.ROOT, " %.0f%% |%n", 100 * highestWithin(e.getValue(), 1.0)));
        }
        sb.append(String.format(Locale.ROOT, "%nStudy wall time %.0f s.%n", wallSeconds));
        return sb.toString();
    }
}
