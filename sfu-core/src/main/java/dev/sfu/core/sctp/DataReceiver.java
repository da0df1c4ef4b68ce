package dev.sfu.core.sctp;

/**
 * The receive side of an established association: takes DATA chunks (RFC 9260 §6.2) into the
 * {@link DataTracker} and the {@link ReassemblyQueue}, enforces the receive window and the inbound stream
 * count, applies FORWARD TSN (RFC 3758 §3.6) and builds SACKs advertising the window left.
 *
 * <p>Bounds: a DATA chunk that would take the reassembly queue past the receive window (or past
 * {@link #MAX_HELD_FRAGMENTS}) is dropped
 * unacknowledged (§6.2: the sender will retransmit it), unless it is the next in-sequence TSN: while the
 * queue holds nothing (so a peer that misjudged our window always makes progress), and while it holds no more
 * than twice the bounds. That TSN is the one the held fragments wait for after a loss; dropping it when the
 * queue filled up behind the gap (8192 small messages do) would stall the association for good, as the sender
 * retransmits it and nothing else. Confined to the association's thread.
 */
final class DataReceiver {
    /** What the association does after a DATA chunk. */
    enum Outcome { OK, DROPPED, INVALID_STREAM, TOO_LARGE }

    /**
     * Fragments held for reassembly at most: the window counts user bytes only, and 64K one-byte fragments
     * would cost far more than their bytes; a well-behaved peer's fragments are near the MTU.
     */
    static final int MAX_HELD_FRAGMENTS = 8192;

    private final SctpConfig config;
    private final SctpCounters counters;
    private final int inboundStreams;
    private final DataTracker tracker;
    private final ReassemblyQueue reassembly;

    DataReceiver(SctpConfig config, SctpCounters counters, long peerInitialTsn, int inboundStreams,
            ReassemblyQueue.Delivery delivery) {
        this.config = config;
        this.counters = counters;
        this.inboundStreams = inboundStreams;
        this.tracker = new DataTracker(peerInitialTsn);
        this.reassembly = new ReassemblyQueue(config.maxIncomingMessageSize(), (stream, ppid, payload) -> {
            counters.messagesIn++;
            delivery.deliver(stream, ppid, payload);
        });
    }

    DataTracker tracker() {
        return tracker;
    }

    ReassemblyQueue reassembly() {
        return reassembly;
    }

    Outcome onData(DataChunk chunk) {
        long tsn = tracker.unwrap(chunk.tsn());
        if (tracker.isDuplicate(tsn)) {
            tracker.observe(tsn);
            return Outcome.OK;
        }
        if (chunk.streamIdentifier() >= inboundStreams) {
            counters.drop(SctpDropReason.INVALID_STREAM);
            tracker.observe(tsn); // §6.4: acknowledged, reported with an ERROR, then discarded
            return Outcome.INVALID_STREAM;
        }
        long buffered = reassembly.bufferedBytes();
        boolean full = buffered + chunk.userData().length() > config.receiveWindow()
                || reassembly.heldFragments() >= MAX_HELD_FRAGMENTS;
        if (full && !(tsn == tracker.cumulativeTsn() + 1 && (buffered == 0 || withinTwiceTheBounds(chunk)))) {
            counters.drop(SctpDropReason.RECEIVE_WINDOW_FULL);
            tracker.requestImmediateSack();
            return Outcome.DROPPED;
        }
        if (tracker.observe(tsn) == DataTracker.Observation.OUT_OF_RANGE) {
            counters.drop(SctpDropReason.RECEIVE_WINDOW_FULL);
            return Outcome.DROPPED;
        }
        return reassembly.add(tsn, chunk) == ReassemblyQueue.AddResult.TOO_LARGE ? Outcome.TOO_LARGE : Outcome.OK;
    }

    /** The overrun the gap-filling TSN may take: the queue stays within twice its bounds. */
    private boolean withinTwiceTheBounds(DataChunk chunk) {
        return reassembly.bufferedBytes() + chunk.userData().length() <= 2 * config.receiveWindow()
                && reassembly.heldFragments() < 2 * MAX_HELD_FRAGMENTS;
    }

    void onForwardTsn(ForwardTsnChunk chunk) {
        long newCumulative = tracker.unwrap(chunk.newCumulativeTsn());
        tracker.forwardTo(newCumulative);
        reassembly.forwardTo(newCumulative, chunk.streams());
    }

    /** Our a_rwnd now: the window less what reassembly holds. */
    long advertisedWindow() {
        return Math.max(0, config.receiveWindow() - reassembly.bufferedBytes());
    }

    SackChunk createSack() {
        return tracker.createSack(advertisedWindow());
    }
}
