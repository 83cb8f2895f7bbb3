package dev.shears.experiments.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.shears.prune.score.MaskSelector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The study tables: the "within one point" rule, CSV quoting, averaging over seeds. */
class StudyTablesTest {

    private static Map<String, Object> row(double s, double dense, double acc) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("sparsity", s);
        r.put("dense_acc", dense);
        r.put("acc", acc);
        return r;
    }

    @Test void highestWithinIsTheLargestSparsityWhoseDropIsAtMostTheTolerance() {
        qt().forAll(lists().of(doubles().between(0.5, 1.0)).ofSizeBetween(1, 8)).checkAssert(accs -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            double expect = 0;
            for (int i = 0; i < accs.size(); i++) {
                double s = (i + 1) / 10.0;
                rows.add(row(s, 0.9, accs.get(i)));
                if (0.9 - accs.get(i) <= 0.01 + 1e-9) expect = Math.max(expect, s);
            }
            assertEquals(expect, PretrainStudy.highestWithin(rows, 1.0), 0.0);
        });
    }

    /** Study 1's granularities: weight is the peer's one global threshold, weight-local and filter are per layer. */
    @Test void granularitiesMapToTheirScopes() {
        assertEquals(MaskSelector.Scope.GLOBAL, PretrainStudy.config("weight", 0.9, 1).scope());
        assertEquals(MaskSelector.Scope.LOCAL, PretrainStudy.config("weight-local", 0.9, 1).scope());
        assertEquals("weight", PretrainStudy.config("weight-local", 0.9, 1).granularity().name());
        assertEquals(MaskSelector.Scope.LOCAL, PretrainStudy.config("filter", 0.9, 1).scope());
        assertEquals("filter", PretrainStudy.config("filter", 0.9, 1).granularity().name());
        assertThrows(IllegalArgumentException.class, () -> PretrainStudy.checkGranularity("kernel-local"));
    }

    @Test void csvHasTheUnionOfColumnsAndQuotesCommas() {
        Map<String, Object> a = new LinkedHashMap<>(), b = new LinkedHashMap<>();
        a.put("method", "plain+oneshot");
        a.put("acc", 0.5);
        b.put("method", "x,y");
        b.put("steps", 7L);
        assertEquals("method,acc,steps\nplain+oneshot,0.500000,\n\"x,y\",,7\n", ResultTable.toCsv(List.of(a, b)));
    }

    @Test void rowsThatDifferOnlyInSeedAreAveraged() {
        List<ResultFiles.Row> rows = new ArrayList<>();
        for (int seed = 1; seed <= 2; seed++) {
            Map<String, Object> f = new LinkedHashMap<>(Map.of("study", "methods", "method", "agp", "sparsity", 0.9, "seed", (long) seed, "acc", seed == 1 ? 0.8 : 0.9));
            rows.add(new ResultFiles.Row(f, Map.of(), null));
        }
        List<Map<String, Object>> avg = StudyReport.averaged(rows);
        assertEquals(1, avg.size());
        assertEquals(0.85, ((Number) avg.get(0).get("acc")).doubleValue(), 1e-9);
        assertEquals(2, avg.get(0).get("seeds"));
    }
}
