package dev.shears.nn.io;

import java.io.IOException;

/**
 * A file (or embedded resource) whose bytes do not follow its format: wrong magic number, truncated data,
 * sizes that disagree with each other or with the bytes present. The message names the source and the
 * problem, so a user can tell a corrupted download from a wrong path.
 */
public class FileFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message naming the source and the problem. */
    public FileFormatException(String message) { super(message); }

    /** An exception caused by a lower-level failure, e.g. a corrupt deflate stream. */
    public FileFormatException(String message, Throwable cause) { super(message, cause); }
}
