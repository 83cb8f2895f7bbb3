package dev.shears.autograd;

/**
 * Thread-confined switch that turns graph recording off, for inference and parameter updates:
 * <pre>{@code try (NoGrad g = NoGrad.scope()) { ... } }</pre>
 * Scopes nest; recording resumes when the outermost one closes. Only the calling thread is affected.
 */
public final class NoGrad implements AutoCloseable {

    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private boolean closed;

    private NoGrad() { DEPTH.get()[0]++; }

    /** Opens a no-grad scope on this thread. */
    public static NoGrad scope() { return new NoGrad(); }

    /** True when ops on this thread record the graph. */
    public static boolean enabled() { return DEPTH.get()[0] == 0; }

    @Override public void close() {
        if (!closed) {
            closed = true;
            DEPTH.get()[0]--;
        }
    }
}
