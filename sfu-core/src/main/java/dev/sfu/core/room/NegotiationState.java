package dev.sfu.core.room;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A participant's signaling session as the answers describe it: the SDP session id and the CNAME of the streams
 * it receives from us, whether an offer was applied yet, and when the first answer went out (ICE must connect
 * within the consent timeout from then on). Confined to the room's event loop.
 */
final class NegotiationState {
    private final long sessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    private final String cname = "sfu-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    private boolean negotiated;
    private long firstAnswerNanos = Long.MIN_VALUE;

    long sessionId() {
        return sessionId;
    }

    String cname() {
        return cname;
    }

    boolean negotiated() {
        return negotiated;
    }

    void markNegotiated() {
        negotiated = true;
    }

    /** Notes an answer sent at {@code nanos}; only the first one counts. */
    void answered(long nanos) {
        if (firstAnswerNanos == Long.MIN_VALUE) {
            firstAnswerNanos = nanos;
        }
    }

    /** When the first answer went out ({@code Long.MIN_VALUE}: none yet). */
    long firstAnswerNanos() {
        return firstAnswerNanos;
    }
}
