package dev.shears.tensor;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Storage recycled from one training step to the next for the tensors ops make with {@link Tensor#empty}.
 *
 * <p>Why: a training step makes every activation and activation gradient anew (a vgg-small step at batch 128,
 * about 170 MB), and the JVM zeroes each new array on the allocating thread while the other workers wait.
 * The next step asks for the same sizes in the same order, so it can take the arrays of the step before,
 * unzeroed: ops that write every element of their output make it with {@code Tensor.empty}.
 *
 * <p>Lifetime: {@link #open()} starts a scope on the calling thread. Until the scope closes, {@code Tensor.empty}
 * on that thread takes an array of the exact length from the arrays the previous scope used (or allocates one);
 * on other threads, or with no scope open, it allocates as {@link Tensor#zeros} does. When the scope closes,
 * its arrays become the ones the next scope takes, and the arrays the scope did not take are left to the
 * garbage collector, so the pool holds at most one step's working set. A tensor made in a scope must not be
 * used after the scope closes (the next step may already be writing its storage): its {@link Tensor#data()}
 * and every operation on it throw {@link IllegalStateException} from then on, so such a use fails at once instead
 * of reading another step's values. Tensors to keep are copied ({@link Tensor#copy()}).
 *
 * <p>Not thread-safe: a pool serves one thread's scopes, one at a time (the thread that runs training steps).
 */
public final class BufferPool {

    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    private final boolean poison;
    // softly held: under memory pressure the collector takes the kept arrays back instead of failing
    private Map<Integer, ArrayDeque<SoftReference<float[]>>> free = new HashMap<>();
    private Scope open;
    private long reusedFloats, allocatedFloats, lastScopeFloats;

    /** A pool that hands recycled arrays out as they are. */
    public BufferPool() { this(false); }

    /**
     * @param poison fill every recycled array with NaN before handing it out, so that an op that reads an
     *               element of its {@code empty} output before writing it produces NaN (for tests)
     */
    public BufferPool(boolean poison) { this.poison = poison; }

    /** Starts a scope on the calling thread; close it (try-with-resources) at the end of the step. */
    public Scope open() {
        if (open != null) throw new IllegalStateException("BufferPool: a scope of this pool is already open");
        if (CURRENT.get() != null) throw new IllegalStateException("BufferPool: another pool's scope is open on this thread");
        open = new Scope(Thread.currentThread());
        CURRENT.set(open);
        return open;
    }

    /** Drops the arrays kept for the next scope (for example before an evaluation pass with other sizes). */
    public void clear() {
        if (open != null) throw new IllegalStateException("BufferPool: clear() while a scope is open");
        free = new HashMap<>();
    }

    /** Floats handed out from recycled arrays since the pool was made. */
    public long reusedFloats() { return reusedFloats; }

    /** Floats handed out from new arrays since the pool was made. */
    public long allocatedFloats() { return allocatedFloats; }

    /** Floats taken in the last closed scope: what the pool keeps for the next one (unless the collector clears it). */
    public long keptFloats() { return lastScopeFloats; }

    /** Whether a scope (of any pool) is open on the calling thread. */
    public static boolean scopeOpen() { return CURRENT.get() != null; }

    /** The scope open on the calling thread, or null. */
    static Scope current() { return CURRENT.get(); }

    /** One step's use of the pool. Tensors made with {@code Tensor.empty} inside it die with it. */
    public final class Scope implements AutoCloseable {
        private final Thread owner;
        private final List<float[]> taken = new ArrayList<>();
        private volatile boolean closed; // read by other threads' checks of escaped tensors

        private Scope(Thread owner) { this.owner = owner; }

        /** An array of exactly {@code n} floats with unspecified contents. */
        float[] take(int n) {
            ArrayDeque<SoftReference<float[]>> q = free.get(n);
            float[] a = null;
            while (a == null && q != null && !q.isEmpty()) a = q.pollLast().get(); // null: cleared by the collector
            if (a == null) {
                a = new float[n];
                allocatedFloats += n;
            } else {
                reusedFloats += n;
                if (poison) Arrays.fill(a, Float.NaN);
            }
            taken.add(a);
            return a;
        }

        /** Whether the scope has closed, so that its tensors' storage may be in use by a later step. */
        boolean isClosed() { return closed; }

        /** Ends the step: its arrays are kept for the next scope, and its tensors become unusable. */
        @Override public void close() {
            if (closed) return;
            if (Thread.currentThread() != owner) throw new IllegalStateException("BufferPool: scope closed on another thread than it was opened on");
            closed = true;
            Map<Integer, ArrayDeque<SoftReference<float[]>>> next = new HashMap<>();
            lastScopeFloats = 0;
            for (float[] a : taken) lastScopeFloats += a.length;
            for (float[] a : taken) next.computeIfAbsent(a.length, k -> new ArrayDeque<>()).addLast(new SoftReference<>(a));
            free = next;
            open = null;
            CURRENT.remove();
        }
    }
}
