package dev.shears.nn.data;

/**
 * A failure while producing a batch (typically a transform throwing), rethrown on the consuming thread
 * with the original failure as cause.
 */
public final class DataLoaderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Wraps the failure that occurred while producing batch {@code batch} of epoch {@code epoch}. */
    public DataLoaderException(int epoch, int batch, Throwable cause) {
        super("failed to produce batch " + batch + " of epoch " + epoch + ": " + cause, cause);
    }
}
