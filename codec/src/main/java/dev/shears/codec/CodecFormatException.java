package dev.shears.codec;

import java.io.IOException;

/** A compressed matrix or model file is malformed: the message names the entry (if known) and the problem. */
public class CodecFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** A format error described by {@code message}. */
    public CodecFormatException(String message) { super(message); }

    /** A format error with an underlying cause. */
    public CodecFormatException(String message, Throwable cause) { super(message, cause); }
}
