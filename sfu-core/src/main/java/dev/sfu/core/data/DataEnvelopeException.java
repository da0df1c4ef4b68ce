package dev.sfu.core.data;

/** A data channel message that is not a valid envelope; the message says what is wrong, for the sender. */
public final class DataEnvelopeException extends Exception {
    private static final long serialVersionUID = 1L;

    public DataEnvelopeException(String message) {
        super(message);
    }
}
