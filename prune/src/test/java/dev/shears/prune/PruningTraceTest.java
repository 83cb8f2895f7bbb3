package dev.shears.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shears.nn.Sequential;
import dev.shears.nn.optim.Sgd;
import dev.shears.prune.schedule.PruningSchedule;
import dev.shears.prune.schedule.ScheduleShape;
import dev.shears.prune.score.Criterion;
import dev.shears.prune.score.Granularity;
import dev.shears.prune.score.MaskSelector.Scope;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class PruningTraceTest {

    @Test
    void traceRecordsSparsityAndMaskChangesThatAddUp() {
        Sequential net = TinyNets.convNet(1);
        List<PrunableLayer> layers = LayerSelector.defaults().select(net);
        MaskSet masks = new MaskSet(net, layers);
        PruningCallback prune = new PruningCallback(new Pruner(Criterion.LARGE_FINAL, Granularity.WEIGHT, Scope.GLOBAL, layers, 0),
                masks, PruningSchedule.of(ScheduleShape.LINEAR, 0.6), 1);
        StringWriter sw = new StringWriter();
        PruningTrace trace = new PruningTrace(masks, sw, 5, 4).histogram("weights", () -> layers.stream().map(l -> l.weight().data()).toList());
        Tensor x = Tensor.normal(new Rng(2), 0, 1, 6, 1, 8, 8);
        new ManualLoop(net, new Sgd(net.namedParameters(), 0.05, 0.9, 0), 20).run(x, new int[] {0, 1, 2, 0, 1, 2}, List.of(prune, trace));
        String[] lines = sw.toString().split("\n");
        assertEquals(5, lines.length, "4 step records + 1 epoch record");
        // total pruned minus regrown over the records equals the zeros of the last record
        long net0 = 0;
        for (String line : lines) {
            for (String part : line.split("\"pruned\":")) if (Character.isDigit(part.charAt(0))) net0 += Long.parseLong(part.substring(0, part.indexOf(',')));
            for (String part : line.split("\"regrown\":")) if (Character.isDigit(part.charAt(0))) net0 -= Long.parseLong(part.substring(0, part.indexOf('}')));
        }
        long firstZeros = 0, total = 0;
        // the first record has no predecessor: its pruned count is 0 by definition; add its zeros
        String first = lines[0];
        double firstSparsity = Double.parseDouble(first.substring(first.indexOf("\"sparsity\":") + 11, first.indexOf(",\"layers\"")));
        for (PrunableLayer l : layers) total += l.size();
        firstZeros = Math.round(firstSparsity * total);
        String last = lines[lines.length - 1];
        double lastSparsity = Double.parseDouble(last.substring(last.indexOf("\"sparsity\":") + 11, last.indexOf(",\"layers\"")));
        assertEquals(Math.round(lastSparsity * total), firstZeros + net0);
        assertTrue(lines[lines.length - 1].startsWith("{\"kind\":\"epoch\""));
        assertTrue(lines[0].contains("\"weights\":{\"min\":"));
    }
}
