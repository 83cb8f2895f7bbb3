package dev.shears.experiments.cli;

/**
 * The warm-up of the benchmark commands: a few calls are not enough, because C2 compiles a hot method only
 * after thousands of invocations and compiles the pool threads' paths later than the caller's; timing then
 * measures interpreter or C1 code. So warm-up runs until both a call count and a time have passed.
 */
final class WarmUp {

    private WarmUp() {}

    /** Calls {@code r} at least {@code minCalls} times and until {@code ms} milliseconds have passed. */
    static void run(int minCalls, long ms, Runnable r) {
        long end = System.nanoTime() + ms * 1_000_000L;
        for (int i = 0; i < minCalls || System.nanoTime() < end; i++) r.run();
    }
}
