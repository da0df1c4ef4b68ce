package dev.sfu.core.sctp;

/** One DATA chunk of the {@link RetransmissionQueue} with its sending state. Confined like its queue. */
final class OutstandingChunk {
    enum State { UNSENT, IN_FLIGHT, TO_RETRANSMIT, GAP_ACKED }

    /** the DATA chunk header counted with the user data, as RFC 9260 §6.1 counts outstanding bytes */
    private static final int HEADER = 16;

    final long tsn;
    final DataChunk chunk;
    final long messageId;
    /** RFC 3758 retransmission limit; -1 for none */
    final int maxRetransmits;
    final long expiresAtNanos;
    State state = State.UNSENT;
    boolean abandoned;
    boolean fastRetransmitted;
    int transmissions;
    int missIndications;
    long sentAtNanos;

    OutstandingChunk(long tsn, DataChunk chunk, long messageId, int maxRetransmits, long expiresAtNanos) {
        this.tsn = tsn;
        this.chunk = chunk;
        this.messageId = messageId;
        this.maxRetransmits = maxRetransmits;
        this.expiresAtNanos = expiresAtNanos;
    }

    int size() {
        return HEADER + chunk.userData().length();
    }

    /** RFC 3758 §3.5 A1/A2: past its retransmission limit (about to be sent again) or its lifetime. */
    boolean exhausted(long now) {
        boolean tooManySends = maxRetransmits >= 0 && transmissions > maxRetransmits;
        boolean expired = expiresAtNanos != Long.MAX_VALUE && now - expiresAtNanos >= 0;
        return tooManySends || expired;
    }
}
