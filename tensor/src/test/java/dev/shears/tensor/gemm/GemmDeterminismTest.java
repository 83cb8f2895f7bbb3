package dev.shears.tensor.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.shears.tensor.Parallel;
import org.junit.jupiter.api.Test;

/** Results do not depend on the number of compute threads: 1, 2 and 3 threads give the same bits. */
class GemmDeterminismTest {

    @Test
    void oneTwoAndThreeThreadsAreBitwiseEqual() {
        GemmCase[] cases = {
            new GemmCase(203, 557, 600, false, false, 1f, 0f, 3, 2, 11),   // 3×3 tiles, three k blocks
            new GemmCase(1100, 40, 300, true, false, -0.5f, 1f, 1, 0, 12), // two A blocks (MC)
            new GemmCase(50, 2100, 70, false, true, 2f, -1f, 0, 5, 13),    // two B blocks (NC)
            new GemmCase(97, 131, 257, true, true, 1f, 0.5f, 2, 1, 14),
            new GemmCase(37, 300, 1100, false, false, 1f, 2f, 0, 3, 15),   // two packed k slices (KB)
        };
        int saved = Parallel.threads();
        try {
            for (GemmCase cs : cases) {
                Parallel.setThreads(1);
                float[] one = cs.run();
                Parallel.setThreads(2);
                float[] two = cs.run();
                Parallel.setThreads(3);
                float[] three = cs.run();
                assertArrayEquals(one, two, () -> "1 vs 2 threads: " + cs);
                assertArrayEquals(one, three, () -> "1 vs 3 threads: " + cs);
                assertArrayEquals(cs.runReference(), one, () -> "engine vs reference: " + cs);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
