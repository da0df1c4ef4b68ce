package dev.sfu.core.sctp;

/**
 * Serial number arithmetic (RFC 1982) for TSNs (32 bits) and SSNs (16 bits), done by unwrapping: a wire
 * value becomes the 64-bit value nearest to a reference that is already unwrapped, so the queues can use
 * plain {@code long} order and never compare across a wrap.
 */
final class SerialNumbers {
    private SerialNumbers() {}

    /** The unwrapped TSN nearest to {@code reference} whose low 32 bits are {@code tsn}. */
    static long unwrapTsn(long reference, long tsn) {
        return reference + (int) (tsn - reference);
    }

    /** The unwrapped SSN nearest to {@code reference} whose low 16 bits are {@code ssn}. */
    static long unwrapSsn(long reference, int ssn) {
        return reference + (short) (ssn - reference);
    }

    static long wrapTsn(long unwrapped) {
        return unwrapped & 0xFFFF_FFFFL;
    }

    static int wrapSsn(long unwrapped) {
        return (int) (unwrapped & 0xFFFF);
    }
}
