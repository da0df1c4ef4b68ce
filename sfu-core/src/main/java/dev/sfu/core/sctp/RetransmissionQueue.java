package dev.sfu.core.sctp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every DATA chunk given a TSN and not yet acknowledged by the peer's cumulative TSN ack: sent or not yet,
 * acknowledged by a gap block, marked for retransmission, or abandoned (RFC 3758). It processes SACKs
 * (RFC 9260 §6.2.1) with the miss indications of fast retransmit (§7.2.4, HTNA), marks everything for
 * retransmission on a T3 expiry (§6.3.3), abandons messages past their retransmission limit or lifetime
 * (RFC 3758 §3.5 A1-A3) and builds the FORWARD TSN that skips them (C1-C4).
 *
 * <p>A whole message gets its TSNs at once ({@link #add}), so abandoning it covers every fragment.
 * Bounds: the association admits messages only within its send budget, which counts
 * {@link #bufferedBytes()}. TSNs are unwrapped (see {@link SerialNumbers}). Confined to the association's
 * thread.
 */
final class RetransmissionQueue {
    /** What one SACK did. {@code rttNanos} is -1 without a Karn-valid sample. */
    record SackResult(boolean accepted, long bytesAcked, boolean cumulativeAckAdvanced, long rttNanos,
            boolean fastRetransmitNeeded) {
        static final SackResult IGNORED = new SackResult(false, 0, false, -1, false);
    }

    private final TreeMap<Long, OutstandingChunk> chunks = new TreeMap<>();
    private final TreeSet<Long> toRetransmit = new TreeSet<>();
    private long cumulativeAck;
    private long nextTsn;
    /** the lowest TSN never sent; every TSN from here on is unsent */
    private long nextUnsent;
    private long flightSize;
    private long bufferedBytes;
    private final SctpCounters counters;
    private long messageCount;

    RetransmissionQueue(long initialTsn, SctpCounters counters) {
        this.counters = counters;
        nextTsn = initialTsn;
        nextUnsent = initialTsn;
        cumulativeAck = initialTsn - 1;
    }

    long cumulativeAck() {
        return cumulativeAck;
    }

    long flightSize() {
        return flightSize;
    }

    long bufferedBytes() {
        return bufferedBytes;
    }

    long highestTsnAssigned() {
        return nextTsn - 1;
    }

    boolean isEmpty() {
        return chunks.isEmpty();
    }

    boolean hasOutstanding() {
        return flightSize > 0;
    }

    private boolean hasUnsent() {
        return nextUnsent < nextTsn;
    }

    boolean hasRetransmissions() {
        return !toRetransmit.isEmpty();
    }

    /** Fragments {@code message} into DATA chunks of at most {@code fragmentSize} bytes with new TSNs. */
    void add(SendQueue.Message message, int ssn, int fragmentSize) {
        long id = messageCount++;
        byte[] payload = message.payload();
        for (int offset = 0; offset < payload.length; offset += fragmentSize) {
            int length = Math.min(fragmentSize, payload.length - offset);
            byte[] fragment = offset == 0 && length == payload.length
                    ? payload : Arrays.copyOfRange(payload, offset, offset + length);
            long tsn = nextTsn++;
            DataChunk chunk = new DataChunk(false, message.unordered(), offset == 0,
                    offset + length == payload.length, SerialNumbers.wrapTsn(tsn), message.streamId(), ssn,
                    message.ppid(), Bytes.wrap(fragment));
            chunks.put(tsn, new OutstandingChunk(tsn, chunk, id, message.maxRetransmits(),
                    message.expiresAtNanos()));
            bufferedBytes += length;
        }
    }

    /** The next chunk to send again, or null; the caller sends it and calls {@link #sent}. */
    OutstandingChunk peekRetransmission() {
        return toRetransmit.isEmpty() ? null : chunks.get(toRetransmit.first());
    }

    /** The next chunk never sent (abandoned ones skipped), or null. */
    OutstandingChunk peekUnsent() {
        skipAbandonedUnsent();
        return hasUnsent() ? chunks.get(nextUnsent) : null;
    }

    /** Abandoned chunks never sent count as sent: a FORWARD TSN may cover them and the peer ack them. */
    private void skipAbandonedUnsent() {
        while (hasUnsent() && chunks.get(nextUnsent).abandoned) {
            nextUnsent++;
        }
    }

    /** Records a (re)transmission of {@code chunk} at {@code now}: it is in flight again. */
    void sent(OutstandingChunk chunk, long now) {
        if (chunk.tsn == nextUnsent) {
            nextUnsent++;
        }
        toRetransmit.remove(chunk.tsn);
        chunk.transmissions++;
        chunk.sentAtNanos = now;
        chunk.missIndications = 0;
        chunk.state = OutstandingChunk.State.IN_FLIGHT;
        flightSize += chunk.size();
    }

    /** Processes one SACK (§6.2.1); a SACK older than the last (its cumulative ack below ours) is ignored. */
    SackResult onSack(SackChunk sack, long now) {
        skipAbandonedUnsent();
        long cumAck = SerialNumbers.unwrapTsn(cumulativeAck, sack.cumulativeTsnAck());
        if (cumAck < cumulativeAck || cumAck >= nextUnsent) {
            return SackResult.IGNORED; // stale, or acking what we never sent
        }
        long bytesAcked = 0;
        long rtt = -1;
        long highestNewlyAcked = -1;
        boolean advanced = cumAck > cumulativeAck;
        Iterator<OutstandingChunk> acked = chunks.headMap(cumAck, true).values().iterator();
        while (acked.hasNext()) {
            OutstandingChunk chunk = acked.next();
            if (chunk.state != OutstandingChunk.State.GAP_ACKED) {
                bytesAcked += chunk.size();
                highestNewlyAcked = chunk.tsn;
                if (chunk.transmissions == 1 && chunk.state == OutstandingChunk.State.IN_FLIGHT) {
                    rtt = now - chunk.sentAtNanos; // Karn: sent once, so the sample is unambiguous
                }
            }
            leaveFlight(chunk);
            toRetransmit.remove(chunk.tsn);
            bufferedBytes -= chunk.chunk.userData().length();
            acked.remove();
        }
        cumulativeAck = cumAck;
        long previousEnd = cumAck;
        for (SackChunk.GapAckBlock block : sack.gapAckBlocks()) {
            long start = cumAck + block.start();
            long end = Math.min(cumAck + block.end(), nextUnsent - 1);
            if (start <= previousEnd || end < start) {
                continue; // blocks ascend without overlap (§3.3.4); others would only cost time
            }
            previousEnd = end;
            for (OutstandingChunk chunk : chunks.subMap(start, true, end, true).values()) {
                if (chunk.state != OutstandingChunk.State.GAP_ACKED) {
                    bytesAcked += chunk.size();
                    highestNewlyAcked = Math.max(highestNewlyAcked, chunk.tsn);
                    leaveFlight(chunk);
                    toRetransmit.remove(chunk.tsn);
                    chunk.state = OutstandingChunk.State.GAP_ACKED;
                }
            }
        }
        boolean fastRetransmit = false;
        if (highestNewlyAcked >= 0) {
            for (OutstandingChunk chunk : chunks.headMap(highestNewlyAcked, false).values()) {
                if (chunk.state == OutstandingChunk.State.IN_FLIGHT && ++chunk.missIndications >= 3
                        && !chunk.fastRetransmitted) {
                    chunk.fastRetransmitted = true; // §7.2.4: fast retransmitted only once
                    markForRetransmission(chunk, now);
                    fastRetransmit = true;
                }
            }
        }
        return new SackResult(true, bytesAcked, advanced, rtt, fastRetransmit);
    }

    /** §6.3.3 E3: every chunk in flight is to be sent again (and leaves the flight). */
    void onRetransmissionTimeout(long now) {
        for (OutstandingChunk chunk : new ArrayList<>(chunks.values())) {
            if (chunk.state == OutstandingChunk.State.IN_FLIGHT) {
                markForRetransmission(chunk, now);
            }
        }
    }

    private void markForRetransmission(OutstandingChunk chunk, long now) {
        leaveFlight(chunk);
        if (chunk.abandoned) {
            return;
        }
        chunk.state = OutstandingChunk.State.TO_RETRANSMIT;
        if (chunk.exhausted(now)) {
            abandon(chunk);
        } else {
            toRetransmit.add(chunk.tsn);
        }
    }

    /** RFC 3758 A2/A3: drops a chunk whose lifetime ended before (re)sending; true if it was. */
    boolean abandonIfExpired(OutstandingChunk chunk, long now) {
        if (now - chunk.expiresAtNanos >= 0 && chunk.expiresAtNanos != Long.MAX_VALUE) {
            abandon(chunk);
            return true;
        }
        return false;
    }

    /** Abandons the message of {@code chunk}: all its fragments, which have consecutive TSNs. */
    private void abandon(OutstandingChunk chunk) {
        counters.abandonedMessages++;
        for (OutstandingChunk fragment : chunks.descendingMap().tailMap(chunk.tsn, true).values()) {
            if (fragment.messageId != chunk.messageId) {
                break;
            }
            abandonFragment(fragment);
        }
        for (OutstandingChunk fragment : chunks.tailMap(chunk.tsn, false).values()) {
            if (fragment.messageId != chunk.messageId) {
                break;
            }
            abandonFragment(fragment);
        }
    }

    private void abandonFragment(OutstandingChunk fragment) {
        fragment.abandoned = true;
        leaveFlight(fragment);
        toRetransmit.remove(fragment.tsn);
    }

    private void leaveFlight(OutstandingChunk chunk) {
        if (chunk.state == OutstandingChunk.State.IN_FLIGHT) {
            flightSize -= chunk.size();
            chunk.state = OutstandingChunk.State.TO_RETRANSMIT;
        }
    }

    /**
     * RFC 3758 §3.5 C1-C3: the Advanced.Peer.Ack.Point moved past abandoned chunks above the cumulative
     * ack: a FORWARD TSN to that point with each ordered stream's last skipped SSN; null if it did not.
     */
    ForwardTsnChunk forwardTsn() {
        skipAbandonedUnsent();
        long advancedPeerAckPoint = cumulativeAck;
        Map<Integer, Integer> skipped = new LinkedHashMap<>();
        for (OutstandingChunk chunk : chunks.tailMap(cumulativeAck, false).values()) {
            if (!chunk.abandoned || chunk.tsn != advancedPeerAckPoint + 1) {
                break;
            }
            advancedPeerAckPoint = chunk.tsn;
            if (!chunk.chunk.unordered()) {
                skipped.put(chunk.chunk.streamIdentifier(), chunk.chunk.streamSequenceNumber());
            }
        }
        if (advancedPeerAckPoint == cumulativeAck) {
            return null;
        }
        List<ForwardTsnChunk.SkippedStream> streams = new ArrayList<>();
        skipped.forEach((stream, ssn) -> streams.add(new ForwardTsnChunk.SkippedStream(stream, ssn)));
        return new ForwardTsnChunk(SerialNumbers.wrapTsn(advancedPeerAckPoint), streams);
    }
}
