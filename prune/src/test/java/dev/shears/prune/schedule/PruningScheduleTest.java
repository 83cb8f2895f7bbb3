package dev.shears.prune.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;

import org.junit.jupiter.api.Test;

class PruningScheduleTest {

    @Test
    void everyShapeEndsAtItsTargetAndMonotoneShapesStartAtTheirStart() {
        qt().forAll(doubles().between(0, 1), doubles().between(0, 1)).checkAssert((a, b) -> {
            double start = Math.min(a, b), end = Math.max(a, b);
            for (ScheduleShape shape : ScheduleShape.values()) {
                PruningSchedule s = new PruningSchedule(shape, start, end, 0.2, 0.8, 3);
                assertEquals(start, s.sparsityAt(0.0), 0, shape + " before the window");
                assertEquals(start, s.sparsityAt(0.19), 0, shape + " before the window");
                double last = shape == ScheduleShape.DSD ? start : end; // DSD returns to dense
                assertEquals(last, s.sparsityAt(0.8), 1e-12, shape + " at the window's end");
                assertEquals(last, s.sparsityAt(1.0), 1e-12, shape + " after the window");
            }
            // shapes that start exactly at `start` when pos = 0 (one-shot jumps; one-cycle starts at ≈0.25% of the way)
            for (ScheduleShape shape : new ScheduleShape[] {ScheduleShape.AGP, ScheduleShape.COSINE, ScheduleShape.LINEAR,
                    ScheduleShape.ITERATIVE, ScheduleShape.DSD}) {
                assertEquals(start, shape.value(start, end, 0, 3), 1e-12, shape + " at pos 0");
            }
        });
    }

    @Test
    void monotoneShapesNeverDecrease() {
        for (ScheduleShape shape : ScheduleShape.values()) {
            if (shape == ScheduleShape.DSD) continue;
            PruningSchedule s = PruningSchedule.of(shape, 0.9);
            double prev = -1;
            for (int i = 0; i <= 1000; i++) {
                double v = s.sparsityAt(i / 1000.0);
                assertTrue(v >= prev - 1e-15, shape + " decreased at " + i);
                prev = v;
            }
        }
    }

    @Test
    void iterativeTakesEqualSteps() {
        PruningSchedule s = new PruningSchedule(ScheduleShape.ITERATIVE, 0, 0.9, 0, 1, 3);
        assertEquals(0.3, s.sparsityAt(0.2), 1e-12);
        assertEquals(0.3, s.sparsityAt(1.0 / 3), 1e-12);
        assertEquals(0.6, s.sparsityAt(0.5), 1e-12);
        assertEquals(0.9, s.sparsityAt(0.9), 1e-12);
    }

    @Test
    void agpFollowsZhuAndGupta() {
        // s_t = s_f + (s_i - s_f)(1 - pos)^3, at pos 1/2 with s_i = 0: s_f (1 - 1/8)
        PruningSchedule s = PruningSchedule.of(ScheduleShape.AGP, 0.8);
        assertEquals(0.8 * 7 / 8, s.sparsityAt(0.5), 1e-12);
    }

    @Test
    void dsdPeaksHalfWay() {
        PruningSchedule s = PruningSchedule.of(ScheduleShape.DSD, 0.5);
        assertEquals(0.5, s.sparsityAt(0.5), 1e-12);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new PruningSchedule(ScheduleShape.AGP, 0, 1.5, 0, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> new PruningSchedule(ScheduleShape.AGP, 0, 0.5, 0.8, 0.2, 3));
        assertThrows(IllegalArgumentException.class, () -> ScheduleShape.parse("quadratic"));
        assertEquals(ScheduleShape.ONE_CYCLE, ScheduleShape.parse("one_cycle"));
    }
}
