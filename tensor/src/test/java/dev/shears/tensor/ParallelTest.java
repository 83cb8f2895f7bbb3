package dev.shears.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The compute pool: every task exactly once, failures reach the caller, nesting never deadlocks. */
class ParallelTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);
    /** How long a loop may go without finishing before the pool is judged stuck. */
    private static final Duration STALL = Duration.ofSeconds(10);
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() { Parallel.setThreads(savedThreads); }

    @Test
    void everyTaskRunsExactlyOnce() {
        for (int threads = 1; threads <= 4; threads++) {
            Parallel.setThreads(threads);
            for (int tasks : new int[] {0, 1, 2, 3, 7, 100}) {
                AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
                Parallel.forEach(tasks, runs::incrementAndGet);
                for (int i = 0; i < tasks; i++) assertEquals(1, runs.get(i), "task " + i + " of " + tasks + ", " + threads + " threads");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
    }

    @Test
    void aFailureOnTheCallingThreadPropagatesUnchanged() {
        Parallel.setThreads(3);
        IllegalStateException boom = new IllegalStateException("task 17");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forEach(40, i -> {
            if (i == 17) throw boom;
        }));
        assertSame(boom, e);
        AssertionError err = new AssertionError("an Error");
        assertSame(err, assertThrows(AssertionError.class, () -> Parallel.forEach(5, i -> { throw err; })));
    }

    /** A task that fails on a pool thread: the caller must see that exception, not a wrapper or nothing. */
    @Test
    void aFailureOnAPoolThreadPropagatesUnchanged() {
        Parallel.setThreads(2);
        assertTimeoutPreemptively(LIMIT, () -> {
            CountDownLatch poolTookATask = new CountDownLatch(1);
            Thread caller = Thread.currentThread();
            RuntimeException boom = new RuntimeException("from the pool");
            RuntimeException e = assertThrows(RuntimeException.class, () -> Parallel.forEach(8, i -> {
                if (Thread.currentThread() != caller) {
                    poolTookATask.countDown();
                    throw boom;
                }
                try { // hold the caller until the pool worker has taken (and failed) a task
                    assertTrue(poolTookATask.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException ie) {
                    throw new IllegalStateException(ie);
                }
            }));
            assertSame(boom, e);
        });
        // the pool still works afterwards
        AtomicIntegerArray runs = new AtomicIntegerArray(10);
        Parallel.forEach(10, runs::incrementAndGet);
        for (int i = 0; i < 10; i++) assertEquals(1, runs.get(i));
    }

    @Test
    void checkedExceptionsThrownSneakilyArriveWrapped() {
        Parallel.setThreads(2);
        Exception checked = new java.io.IOException("disk");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Parallel.forEach(3, i -> ParallelTest.<RuntimeException>sneakyThrow(checked)));
        assertSame(checked, e.getCause());
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }

    @Test
    void nestedCallsDoNotDeadlockAndRunEveryInnerTask() {
        for (int threads = 2; threads <= 4; threads++) {
            Parallel.setThreads(threads);
            assertTimeoutPreemptively(LIMIT, () -> {
                int outer = 9, inner = 13, innermost = 5;
                AtomicIntegerArray runs = new AtomicIntegerArray(outer * inner * innermost);
                Parallel.forEach(outer, i -> Parallel.forEach(inner, j -> Parallel.forEach(innermost,
                        k -> runs.incrementAndGet((i * inner + j) * innermost + k))));
                for (int t = 0; t < runs.length(); t++) assertEquals(1, runs.get(t), "task " + t);
            });
        }
    }

    /** Several application threads sharing the pool at once, each with nested calls. */
    @Test
    void concurrentCallersShareThePool() {
        Parallel.setThreads(3);
        assertTimeoutPreemptively(LIMIT, () -> {
            int callers = 4;
            AtomicIntegerArray runs = new AtomicIntegerArray(callers * 20 * 20);
            Thread[] ts = new Thread[callers];
            Throwable[] failures = new Throwable[callers];
            for (int c = 0; c < callers; c++) {
                int cc = c;
                ts[c] = new Thread(() -> {
                    try {
                        Parallel.forEach(20, i -> Parallel.forEach(20, j -> runs.incrementAndGet((cc * 20 + i) * 20 + j)));
                    } catch (Throwable t) {
                        failures[cc] = t;
                    }
                });
                ts[c].start();
            }
            for (Thread t : ts) t.join();
            for (Throwable f : failures) if (f != null) throw new AssertionError("a caller failed", f);
            for (int t = 0; t < runs.length(); t++) assertEquals(1, runs.get(t));
        });
    }

    /**
     * Inner work of a task stays on the thread running that task, also on the calling thread (which is not a
     * pool thread): otherwise the caller would queue inner tasks behind busy pool threads and wait idle.
     */
    @Test
    void nestedCallsRunInlineOnTheThreadOfTheOuterTask() {
        Parallel.setThreads(2);
        assertTimeoutPreemptively(LIMIT, () -> {
            AtomicIntegerArray foreign = new AtomicIntegerArray(1);
            Parallel.forEach(16, i -> {
                Thread outer = Thread.currentThread();
                Parallel.forEach(8, j -> {
                    if (Thread.currentThread() != outer) foreign.incrementAndGet(0);
                });
            });
            assertEquals(0, foreign.get(0), "inner tasks ran on another thread");
            // and a later top-level call from the same thread is parallel again (the flag was reset)
            java.util.Set<Thread> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
            CountDownLatch both = new CountDownLatch(2);
            Parallel.forEach(2, i -> {
                seen.add(Thread.currentThread());
                both.countDown();
                try {
                    both.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertEquals(2, seen.size(), "two threads took part");
        });
    }

    /**
     * Workers spin between loops and park when idle: many back-to-back loops, and loops separated by pauses
     * longer than the spin (so the workers park and must be woken), all complete with every task once.
     *
     * <p>A lost wake-up hangs a loop forever, so the check is on progress, not on total time: the test fails
     * only if no loop completes for {@link #STALL}. A starved VM (CI on two busy cores) makes the loops slow
     * but never stalls them that long; a wall-clock limit on the whole run failed there once.
     */
    @Test
    void shortLoopsAndLoopsAfterIdlePausesNeverLoseAWakeUp() throws InterruptedException {
        Parallel.setThreads(2);
        int loops = 20_000, pausedLoops = 20;
        AtomicIntegerArray runs = new AtomicIntegerArray(2);
        AtomicInteger completed = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread driver = new Thread(() -> {
            try {
                for (int l = 0; l < loops; l++) {
                    Parallel.forEach(2, runs::incrementAndGet);
                    completed.incrementAndGet();
                }
                for (int l = 0; l < pausedLoops; l++) {
                    Thread.sleep(2); // longer than the spin: the worker parks
                    Parallel.forEach(2, runs::incrementAndGet);
                    completed.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "wake-up-driver");
        driver.setDaemon(true);
        driver.start();
        int seen = -1;
        long lastProgress = System.nanoTime();
        while (driver.isAlive()) {
            driver.join(100);
            int now = completed.get();
            if (now != seen) {
                seen = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                fail("no loop completed for " + STALL.toSeconds() + " s after " + now + " loops: a lost wake-up");
            }
        }
        if (failure.get() != null) throw new AssertionError(failure.get());
        assertEquals(loops + pausedLoops, runs.get(0));
        assertEquals(loops + pausedLoops, runs.get(1));
    }
}
