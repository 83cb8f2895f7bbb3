package dev.shears.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OneCycleShortRunTest {

    @Test
    void runsTooShortForAWarmUpStartAtThePeakAndDecay() {
        for (long total = 1; total <= 3; total++) {
            OneCycleLr s = OneCycleLr.withDefaults(0.05, total);
            assertEquals(0.05, s.lr(0), 0, "total " + total);
            double prev = s.lr(0);
            for (long t = 1; t < total; t++) {
                double lr = s.lr(t);
                assertTrue(lr < prev && lr > 0, "total " + total + " step " + t);
                prev = lr;
            }
            if (total > 1) assertEquals(0.05 / 25 / 1e4, s.lr(total - 1), 1e-15, "ends at the minimum");
        }
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> OneCycleLr.withDefaults(0.05, 0));
        assertThrows(IllegalArgumentException.class, () -> new OneCycleLr(0.05, 10, 1.5, 25, 1e4));
    }
}
