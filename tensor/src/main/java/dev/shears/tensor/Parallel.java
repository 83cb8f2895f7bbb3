package dev.shears.tensor;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The dedicated compute pool.
 *
 * <p>Callers split work into a number of <em>tasks fixed by the problem</em> (for example one per output
 * tile), never by the thread count, and each task writes a disjoint part of the output with its own fixed
 * order of reductions. Threads only take tasks from a shared counter, so results are bitwise identical for
 * 1, 2 or N threads. The thread count defaults to the available processors and can be set with
 * {@link #setThreads(int)} or the {@code shears.threads} system property.
 */
public final class Parallel {

    private static volatile int threads = initialThreads();
    /** True while the calling thread runs tasks of a {@link #forEach}: nested calls then run inline. */
    private static final ThreadLocal<boolean[]> INSIDE = ThreadLocal.withInitial(() -> new boolean[1]);
    private static ExecutorService pool;
    private static int poolSize;

    private Parallel() {}

    private static int initialThreads() {
        String p = System.getProperty("shears.threads");
        int n = p == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(p.trim());
        if (n < 1) throw new IllegalArgumentException("shears.threads must be >= 1, got " + n);
        return n;
    }

    /** Threads used by {@link #forEach}. */
    public static int threads() { return threads; }

    /** Sets the number of compute threads (>= 1). The pool is rebuilt lazily. */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
        threads = n;
    }

    private static synchronized ExecutorService pool(int size) {
        if (pool == null || poolSize != size) {
            if (pool != null) pool.shutdown();
            AtomicInteger id = new AtomicInteger();
            ThreadFactory tf = r -> {
                Thread t = new Thread(r, "shears-compute-" + id.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            pool = Executors.newFixedThreadPool(size, tf);
            poolSize = size;
        }
        return pool;
    }

    /**
     * Runs {@code body.accept(task)} for every task in {@code [0, tasks)}, on up to {@link #threads()}
     * threads; the calling thread works too. Returns when all tasks are done; rethrows the first failure.
     * A call nested inside a task (on a pool thread or on the calling thread) runs its tasks inline: the
     * outer level already keeps every thread busy, and queueing inner work behind busy pool threads would
     * leave the caller waiting idle.
     */
    public static void forEach(int tasks, IntConsumer body) {
        int t = Math.min(threads, tasks);
        boolean[] inside = INSIDE.get();
        if (t <= 1 || inside[0] || Thread.currentThread().getName().startsWith("shears-compute-")) {
            for (int i = 0; i < tasks; i++) body.accept(i);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i; (i = next.getAndIncrement()) < tasks; ) body.accept(i);
        };
        ExecutorService ex = pool(threads - 1);
        @SuppressWarnings("unchecked")
        Future<?>[] fs = new Future[t - 1];
        for (int i = 0; i < t - 1; i++) fs[i] = ex.submit(worker);
        Throwable failure = null;
        inside[0] = true;
        try {
            worker.run();
        } catch (Throwable e) {
            failure = e;
            next.set(tasks); // stop handing out work
        } finally {
            inside[0] = false;
        }
        for (Future<?> f : fs) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) failure = e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) failure = e;
            }
        }
        if (failure instanceof RuntimeException re) throw re;
        if (failure instanceof Error err) throw err;
        if (failure != null) throw new IllegalStateException(failure);
    }
}
