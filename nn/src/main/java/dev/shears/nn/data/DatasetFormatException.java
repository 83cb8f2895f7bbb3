package dev.shears.nn.data;

import dev.shears.nn.io.FileFormatException;

/** A dataset file that does not follow its format; the message names the file and the problem. */
public final class DatasetFormatException extends FileFormatException {

    private static final long serialVersionUID = 1L;

    /** An exception whose message names the file and the problem. */
    public DatasetFormatException(String message) { super(message); }

    /** An exception caused by a lower-level failure (e.g. a corrupt zlib stream or image). */
    public DatasetFormatException(String message, Throwable cause) { super(message, cause); }
}
