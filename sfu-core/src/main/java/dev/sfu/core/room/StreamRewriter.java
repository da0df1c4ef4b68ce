package dev.sfu.core.room;

/**
 * Maps an incoming stream's sequence numbers and timestamps onto the outgoing stream a receiver sees, so
 * the receiver's stream starts where the server chose (at a keyframe) with its own random bases.
 * Sequence numbers wrap at 2^16 and timestamps at 2^32. Confined to the room's event loop.
 */
final class StreamRewriter {
    private boolean started;
    private int startSeq;
    private int seqDelta;
    private long tsDelta;
    private final int outSeqBase;
    private final long outTsBase;

    StreamRewriter(int outSeqBase, long outTsBase) {
        this.outSeqBase = outSeqBase & 0xFFFF;
        this.outTsBase = outTsBase & 0xFFFFFFFFL;
    }

    boolean started() {
        return started;
    }

    /** Starts the outgoing stream at this incoming packet. */
    void start(int inSeq, long inTimestamp) {
        started = true;
        startSeq = inSeq;
        seqDelta = (outSeqBase - inSeq) & 0xFFFF;
        tsDelta = (outTsBase - inTimestamp) & 0xFFFFFFFFL;
    }

    /** True for a packet older than the start (reordered from before the keyframe): it cannot be sent. */
    boolean isBeforeStart(int inSeq) {
        return ((inSeq - startSeq) & 0xFFFF) >= 0x8000;
    }

    int sequence(int inSeq) {
        return (inSeq + seqDelta) & 0xFFFF;
    }

    long timestamp(long inTimestamp) {
        return (inTimestamp + tsDelta) & 0xFFFFFFFFL;
    }
}
