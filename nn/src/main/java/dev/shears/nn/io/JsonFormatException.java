package dev.shears.nn.io;

/** Text that is not strict JSON (RFC 8259), or JSON whose structure is not what the caller expected. */
public final class JsonFormatException extends FileFormatException {

    private static final long serialVersionUID = 1L;

    /** An exception whose message says what was wrong and, for syntax errors, at which character. */
    public JsonFormatException(String message) { super(message); }
}
