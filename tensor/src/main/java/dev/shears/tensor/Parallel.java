package dev.shears.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * The dedicated compute pool.
 *
 * <p>Callers split work into a number of <em>tasks fixed by the problem</em> (for example one per output
 * tile), never by the thread count, and each task writes a disjoint part of the output with its own fixed
 * order of reductions. Threads only take tasks from a shared counter, so results are bitwise identical for
 * 1, 2 or N threads. The thread count defaults to the available processors and can be set with
 * {@link #setThreads(int)} or the {@code shears.threads} system property.
 *
 * <p>A training step issues hundreds of parallel loops, many of them tens of microseconds long, so waking
 * the workers must cost much less than that. Parked threads take tens of microseconds to wake (more on a
 * virtual machine), so a worker that has finished a loop first spins for {@link #SPIN_NANOS} waiting for
 * the next one and only then parks; the caller unparks only the workers that did park. One loop runs on
 * the pool at a time: a loop started while another thread's loop holds the pool runs on its own thread
 * (same tasks, same results).
 */
public final class Parallel {

    /** How long an idle worker spins before parking: longer than the gap between the loops of a step. */
    private static final long SPIN_NANOS = 200_000;

    private static volatile int threads = initialThreads();
    /** True while the calling thread runs tasks of a {@link #forEach}: nested calls then run inline. */
    private static final ThreadLocal<boolean[]> INSIDE = ThreadLocal.withInitial(() -> new boolean[1]);
    private static final ReentrantLock POOL_LOCK = new ReentrantLock();
    private static Pool pool;

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
        if (t <= 1 || inside[0] || Thread.currentThread() instanceof Worker || !POOL_LOCK.tryLock()) {
            for (int i = 0; i < tasks; i++) body.accept(i);
            return;
        }
        try {
            Pool p = pool;
            if (p == null || p.workers.length != threads - 1) {
                if (p != null) p.shutdown();
                pool = p = new Pool(threads - 1);
            }
            inside[0] = true;
            try {
                p.run(tasks, t - 1, body);
            } finally {
                inside[0] = false;
            }
        } finally {
            POOL_LOCK.unlock();
        }
    }

    /** A pool thread; nested loops on it run inline. */
    private static final class Worker extends Thread {
        final Pool pool;
        final int index;
        /** True while parked (or about to park): the caller must unpark it. */
        volatile boolean parked;

        Worker(Pool pool, int index) {
            super("shears-compute-" + (index + 1));
            this.pool = pool;
            this.index = index;
            setDaemon(true);
        }

        @Override public void run() {
            long seen = 0;
            while (true) {
                long gen = pool.awaitJob(this, seen);
                if (gen < 0) return;
                seen = gen;
                if (index < pool.helpers) pool.work();
                pool.arrived.incrementAndGet();
            }
        }
    }

    /**
     * The workers and the one job they share. A job is published by writing its fields and then bumping
     * {@link #generation} (a volatile write), so a worker that sees the new generation sees the job.
     */
    private static final class Pool {
        final Worker[] workers;
        volatile long generation;
        volatile boolean stopped;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger arrived = new AtomicInteger();
        int tasks;
        int helpers;
        IntConsumer body;
        volatile Throwable failure;

        Pool(int size) {
            workers = new Worker[size];
            for (int i = 0; i < size; i++) {
                workers[i] = new Worker(this, i);
                workers[i].start();
            }
        }

        /** Runs one loop with {@code helpers} workers besides the calling thread. */
        void run(int tasks, int helpers, IntConsumer body) {
            this.tasks = tasks;
            this.helpers = helpers;
            this.body = body;
            this.failure = null;
            next.set(0);
            arrived.set(0);
            generation = generation + 1;
            for (Worker w : workers) if (w.parked) LockSupport.unpark(w);
            work();
            // Every worker acknowledges every job (those beyond `helpers` at once), so none can still be
            // reading this job's fields when the next one is written.
            // Spin briefly, then yield: on an oversubscribed machine the last worker may need this core.
            for (int spins = 0; arrived.get() < workers.length; spins++) {
                if (spins < 10_000) Thread.onSpinWait(); else Thread.yield();
            }
            this.body = null;
            Throwable f = failure;
            if (f instanceof RuntimeException re) throw re;
            if (f instanceof Error err) throw err;
            if (f != null) throw new IllegalStateException(f);
        }

        /** Takes tasks until none are left; the first failure stops the hand-out. */
        void work() {
            IntConsumer b = body;
            int n = tasks;
            try {
                for (int i; (i = next.getAndIncrement()) < n; ) b.accept(i);
            } catch (Throwable e) {
                if (failure == null) failure = e;
                next.set(n);
            }
        }

        /** Spins, then parks, until a job newer than {@code seen} is published; -1 once stopped. */
        long awaitJob(Worker w, long seen) {
            long deadline = System.nanoTime() + SPIN_NANOS;
            while (true) {
                long g = generation;
                if (stopped) return -1;
                if (g != seen) return g;
                if (System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                } else {
                    w.parked = true;
                    // Re-check after announcing: a job published before the flag was visible is not missed.
                    if (generation == seen && !stopped) LockSupport.park(this);
                    w.parked = false;
                    deadline = System.nanoTime() + SPIN_NANOS;
                }
            }
        }

        void shutdown() {
            stopped = true;
            for (Worker w : workers) LockSupport.unpark(w);
        }
    }
}
