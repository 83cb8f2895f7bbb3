package dev.shears.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shears.nn.io.JsonFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {

    private static final String GRID = """
            {"axes": {"sparsity": [0.9, 0.95], "method": ["magnitude", "halo", "weightmom"], "seed": [1, 2]},
             "fixed": {"model": "vgg-small"}}""";

    @Test
    void gridIsTheCartesianProductWithStableIds() throws Exception {
        Grid g = Grid.parse(GRID);
        assertEquals(12, g.runs().size());
        assertEquals("method=magnitude,seed=1,sparsity=0.9", g.runs().get(0).id());
        assertEquals("method=magnitude,seed=1,sparsity=0.95", g.runs().get(1).id());
        assertEquals("vgg-small", g.runs().get(5).params().get("model"));
        Set<String> ids = new HashSet<>();
        for (Grid.Run r : g.runs()) ids.add(r.id());
        assertEquals(12, ids.size());
    }

    @Test
    void shardsPartitionTheGrid() throws Exception {
        Grid g = Grid.parse(GRID);
        for (int n = 1; n <= 5; n++) {
            List<String> all = new ArrayList<>();
            for (int i = 0; i < n; i++) for (Grid.Run r : g.shard(i, n)) all.add(r.id());
            assertEquals(g.runs().stream().map(Grid.Run::id).sorted().toList(), all.stream().sorted().toList(), "n=" + n);
        }
        assertEquals(3, Grid.parseShard("3/4")[0]);
        assertThrows(IllegalArgumentException.class, () -> Grid.parseShard("4/4"));
    }

    @Test
    void resumeSkipsCompletedRunsAndRedoesFailedOnes(@TempDir Path dir) throws Exception {
        Grid g = Grid.parse(GRID);
        AtomicInteger calls = new AtomicInteger();
        var first = Sweep.execute(g, 0, 2, dir, (run, d) -> {
            if (calls.incrementAndGet() == 2) throw new IllegalStateException("crash");
            return "{\"acc\":0.9}";
        });
        assertEquals(6, first.size());
        assertEquals(1, first.stream().filter(o -> o.status().equals("failed")).count());
        calls.set(100);
        var second = Sweep.execute(g, 0, 2, dir, (run, d) -> {
            calls.incrementAndGet();
            return "{\"acc\":0.9}";
        });
        assertEquals(5, second.stream().filter(o -> o.status().equals("skipped")).count());
        assertEquals(101, calls.get(), "only the failed run ran again");
        for (Grid.Run r : g.shard(0, 2)) assertTrue(Files.isRegularFile(Sweep.resultFile(dir, r)));
    }

    @Test
    void badGridsAreRejectedWithAReason() {
        assertThrows(JsonFormatException.class, () -> Grid.parse("{\"axes\": {\"a\": []}}"));
        assertThrows(JsonFormatException.class, () -> Grid.parse("{\"axes\": {\"a\": [1]}, \"fixed\": {\"a\": 2}}"));
        assertThrows(JsonFormatException.class, () -> Grid.parse("{\"fixed\": {}}"));
        assertThrows(JsonFormatException.class, () -> Grid.parse("{\"axes\": {\"a\": [[1]]}}"));
    }
}
