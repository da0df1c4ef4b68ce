package dev.sfu.core.sctp;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The send side of an established association: admits messages within the send budget, hands DATA to the
 * packet writer as congestion control (RFC 9260 §7.2) and the peer's window (§6.1 rule A/B, with the
 * one-packet zero-window probe) allow, retransmissions first, runs the T3-rtx rules (§6.3.2 R1-R3, §6.3.3)
 * and fast retransmit (§7.2.4), and sends FORWARD TSN for abandoned messages (RFC 3758 §3.5).
 *
 * <p>Bounds: {@link #bufferedAmount()} (queued plus unacknowledged bytes) never exceeds the send budget:
 * {@code send} refuses beyond it. Confined to the association's thread.
 */
final class DataSender {
    private final SctpConfig config;
    private final SctpCounters counters;
    private final RtoEstimator rto;
    private final TimerSlot t3;
    private final int outboundStreams;
    private final boolean peerSupportsForwardTsn;
    private final SendQueue sendQueue = new SendQueue();
    private final RetransmissionQueue retransmissions;
    private final CongestionControl congestion;
    private long peerRwnd;
    private long peerAdvertisedRwnd;
    private boolean fastRetransmitPending;
    private boolean forwardTsnPending;

    DataSender(SctpConfig config, SctpCounters counters, RtoEstimator rto, TimerSlot t3, long initialTsn,
            long peerRwnd, int outboundStreams, boolean peerSupportsForwardTsn) {
        this.config = config;
        this.counters = counters;
        this.rto = rto;
        this.t3 = t3;
        this.outboundStreams = outboundStreams;
        this.peerSupportsForwardTsn = peerSupportsForwardTsn;
        this.retransmissions = new RetransmissionQueue(initialTsn, counters);
        this.congestion = new CongestionControl(config.maxPacketSize(), peerRwnd);
        this.peerRwnd = peerRwnd;
        this.peerAdvertisedRwnd = peerRwnd;
    }

    SendResult send(int streamId, long ppid, byte[] payload, boolean unordered, long maxRetransmits,
            long maxLifetimeMillis, long now) {
        if (payload.length == 0) {
            return SendResult.EMPTY;
        }
        if (payload.length > config.maxOutgoingMessageSize()) {
            return SendResult.TOO_LARGE;
        }
        if (streamId < 0 || streamId >= outboundStreams) {
            return SendResult.INVALID_STREAM;
        }
        if (bufferedAmount() + payload.length > config.sendBudget()) {
            return SendResult.BUFFER_FULL;
        }
        // without the peer's PR-SCTP support every message is fully reliable (RFC 3758 §3.3.1)
        boolean partial = peerSupportsForwardTsn;
        int retransmitLimit = partial && maxRetransmits >= 0 ? (int) Math.min(maxRetransmits, Integer.MAX_VALUE) : -1;
        long expiresAt = partial && maxLifetimeMillis >= 0
                ? now + TimeUnit.MILLISECONDS.toNanos(maxLifetimeMillis) : Long.MAX_VALUE;
        sendQueue.add(new SendQueue.Message(streamId, ppid, payload, unordered, retransmitLimit, expiresAt));
        counters.messagesOut++;
        return SendResult.QUEUED;
    }

    long bufferedAmount() {
        return sendQueue.bytes() + retransmissions.bufferedBytes();
    }

    /** Nothing queued, nothing unacknowledged: SHUTDOWN may go (§9.2). */
    boolean idle() {
        return sendQueue.isEmpty() && retransmissions.isEmpty();
    }

    /** Whether DATA waits to go (new or marked for retransmission), whatever the windows say. */
    boolean hasDataWaiting() {
        return !sendQueue.isEmpty() || retransmissions.hasRetransmissions() || retransmissions.peekUnsent() != null;
    }

    /** The last TSN given out, for an Outgoing SSN Reset Request (RFC 6525 §4.1). */
    long lastAssignedTsn() {
        return retransmissions.highestTsnAssigned();
    }

    boolean hasQueuedMessagesFor(Set<Integer> streams) {
        return sendQueue.hasMessagesFor(streams);
    }

    void resetOutgoingSsns(Iterable<Integer> streams) {
        sendQueue.resetSsns(streams);
    }

    /** Processes a SACK; true if it acknowledged new data (the association's error count then resets). */
    boolean onSack(SackChunk sack, long now) {
        long flightBefore = retransmissions.flightSize();
        RetransmissionQueue.SackResult result = retransmissions.onSack(sack, now);
        if (!result.accepted()) {
            return false;
        }
        rto.onRttSample(result.rttNanos());
        congestion.onAck(result.bytesAcked(), result.cumulativeAckAdvanced(), flightBefore,
                retransmissions.cumulativeAck());
        if (result.fastRetransmitNeeded()) {
            counters.fastRetransmits++;
            congestion.onFastRetransmit(retransmissions.highestTsnAssigned());
            fastRetransmitPending = true;
        }
        peerAdvertisedRwnd = sack.advertisedReceiverWindowCredit();
        peerRwnd = Math.max(0, peerAdvertisedRwnd - retransmissions.flightSize());
        forwardTsnPending = retransmissions.forwardTsn() != null;
        // §6.3.2 R2/R3: stop when all is acked; restart when the cumulative ack advanced
        if (!retransmissions.hasOutstanding() && !forwardTsnPending) {
            t3.stop();
        } else if (result.cumulativeAckAdvanced()) {
            t3.start(rto.rto());
        }
        return result.cumulativeAckAdvanced() || result.bytesAcked() > 0;
    }

    /** A SHUTDOWN's Cumulative TSN Ack (§9.2), taken as a SACK without gaps and with the last a_rwnd. */
    void onCumulativeAck(long cumulativeTsnAck, long now) {
        onSack(new SackChunk(cumulativeTsnAck, peerAdvertisedRwnd, List.of(), List.of()), now);
    }

    /** §6.3.3: T3-rtx expired: back off, shrink cwnd to one MTU, everything in flight goes again. */
    void onT3Expiry(long now) {
        counters.t3Expiries++;
        rto.backOff();
        congestion.onRetransmissionTimeout();
        retransmissions.onRetransmissionTimeout(now);
        forwardTsnPending = retransmissions.forwardTsn() != null;
        if (forwardTsnPending) {
            t3.start(rto.rto()); // keeps the FORWARD TSN going until the peer acks past it
        }
    }

    /** Adds FORWARD TSN, retransmissions and new DATA to {@code writer} as the windows allow. */
    void fill(PacketWriter writer, long now) {
        if (forwardTsnPending && peerSupportsForwardTsn) {
            ForwardTsnChunk forward = retransmissions.forwardTsn();
            if (forward != null) {
                writer.add(forward);
            }
            forwardTsnPending = false;
        }
        if (fastRetransmitPending) {
            // §7.2.4 step 3: one packet of the marked chunks goes regardless of cwnd
            fastRetransmitPending = false;
            int room = config.maxPacketSize() - SctpPacket.HEADER_LENGTH;
            OutstandingChunk chunk;
            while ((chunk = retransmissions.peekRetransmission()) != null && chunk.chunk.encodedLength() <= room) {
                room -= chunk.chunk.encodedLength();
                transmit(writer, chunk, now, true);
            }
            t3.start(rto.rto()); // §6.3.2 R3-like: the earliest outstanding TSN went again
        }
        OutstandingChunk chunk;
        while ((chunk = nextChunk(now)) != null && mayTransmit(chunk)) {
            transmit(writer, chunk, now, chunk.transmissions > 0);
        }
    }

    private OutstandingChunk nextChunk(long now) {
        OutstandingChunk retransmission = retransmissions.peekRetransmission();
        if (retransmission != null) {
            return retransmission;
        }
        OutstandingChunk unsent = retransmissions.peekUnsent();
        while (unsent == null) {
            SendQueue.Message message = sendQueue.poll(now, () -> counters.abandonedMessages++);
            if (message == null) {
                return null;
            }
            retransmissions.add(message, sendQueue.assignSsn(message), config.maxFragmentSize());
            unsent = retransmissions.peekUnsent();
        }
        if (retransmissions.abandonIfExpired(unsent, now)) {
            forwardTsnPending = true;
            return nextChunk(now);
        }
        return unsent;
    }

    /** cwnd (§7.2: no new sends with cwnd or more outstanding) and rwnd (§6.1 A, zero-window probe). */
    private boolean mayTransmit(OutstandingChunk chunk) {
        long flight = retransmissions.flightSize();
        if (flight >= congestion.cwnd()) {
            return false;
        }
        return flight == 0 || chunk.size() <= peerRwnd;
    }

    private void transmit(PacketWriter writer, OutstandingChunk chunk, long now, boolean again) {
        writer.add(chunk.chunk);
        if (again) {
            counters.retransmissions++;
        }
        retransmissions.sent(chunk, now);
        peerRwnd = Math.max(0, peerRwnd - chunk.size());
        t3.startIfStopped(rto.rto());
    }

    void clear() {
        sendQueue.clear();
    }
}
