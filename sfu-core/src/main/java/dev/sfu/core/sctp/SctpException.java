package dev.sfu.core.sctp;

/**
 * A malformed SCTP packet, chunk, parameter or DCEP message: the only exception the parsers of this
 * package throw.
 */
public final class SctpException extends Exception {
    public SctpException(String message) {
        super(message);
    }

    static void require(boolean condition, String message) throws SctpException {
        if (!condition) {
            throw new SctpException(message);
        }
    }
}
