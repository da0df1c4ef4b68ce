package dev.sfu.core.sctp;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * The receive side's record of TSNs (RFC 9260 §6.2, §6.7): the cumulative TSN, the TSNs received above it
 * (reported as gap ack blocks) and the duplicates since the last SACK; decides when a SACK is due.
 *
 * <p>Bounds: TSNs are accepted only up to {@link #MAX_TSN_AHEAD} above the cumulative TSN (gap block
 * offsets are 16-bit), so the set holds at most that many; at most {@link #MAX_DUPLICATES} duplicates
 * and {@link #MAX_GAP_BLOCKS} gap blocks go in one SACK (it must fit one packet). Confined to the
 * association's thread.
 */
final class DataTracker {
    static final int MAX_TSN_AHEAD = 0xFFFF;
    static final int MAX_DUPLICATES = 32;
    static final int MAX_GAP_BLOCKS = 128;

    /** What one DATA chunk's TSN is to the tracker. */
    enum Observation { NEW, DUPLICATE, OUT_OF_RANGE }

    /** unwrapped */
    private long cumulativeTsn;
    private final TreeSet<Long> receivedAbove = new TreeSet<>();
    private final List<Long> duplicates = new ArrayList<>();
    private int packetsSinceSack;
    private boolean sackNow;

    /** @param peerInitialTsn the Initial TSN of the peer's INIT or INIT ACK */
    DataTracker(long peerInitialTsn) {
        cumulativeTsn = peerInitialTsn - 1;
    }

    long cumulativeTsn() {
        return cumulativeTsn;
    }

    long unwrap(long wireTsn) {
        return SerialNumbers.unwrapTsn(cumulativeTsn, wireTsn);
    }

    /** Whether the unwrapped TSN was seen before (at or below the cumulative TSN, or in a gap block). */
    boolean isDuplicate(long tsn) {
        return tsn <= cumulativeTsn || receivedAbove.contains(tsn);
    }

    /** Records one DATA chunk's unwrapped TSN; a duplicate or a gap makes the next SACK immediate (§6.7). */
    Observation observe(long tsn) {
        if (isDuplicate(tsn)) {
            if (duplicates.size() < MAX_DUPLICATES) {
                duplicates.add(SerialNumbers.wrapTsn(tsn));
            }
            sackNow = true;
            return Observation.DUPLICATE;
        }
        if (tsn - cumulativeTsn > MAX_TSN_AHEAD) {
            return Observation.OUT_OF_RANGE;
        }
        if (tsn == cumulativeTsn + 1) {
            cumulativeTsn = tsn;
            advanceOverReceived();
            if (!receivedAbove.isEmpty()) {
                sackNow = true; // still a gap: keep the sender informed
            }
        } else {
            receivedAbove.add(tsn);
            sackNow = true; // a new gap (§6.7: immediately on detecting a gap)
        }
        return Observation.NEW;
    }

    /** A FORWARD TSN (RFC 3758 §3.6): the peer will not send TSNs up to {@code newCumulativeTsn}. */
    void forwardTo(long newCumulativeTsn) {
        if (newCumulativeTsn > cumulativeTsn) {
            cumulativeTsn = newCumulativeTsn;
            receivedAbove.headSet(newCumulativeTsn, true).clear();
            advanceOverReceived();
        }
        sackNow = true; // RFC 3758 §3.6: answer with a SACK at once
    }

    private void advanceOverReceived() {
        while (!receivedAbove.isEmpty() && receivedAbove.first() == cumulativeTsn + 1) {
            cumulativeTsn = receivedAbove.pollFirst();
        }
    }

    /** Called once per received packet that carried DATA; every second one gets its SACK at once. */
    void packetWithDataReceived() {
        if (++packetsSinceSack >= 2) {
            sackNow = true;
        }
    }

    void requestImmediateSack() {
        sackNow = true;
    }

    boolean sackDueNow() {
        return sackNow;
    }

    /** Whether anything is unacknowledged, so the delayed SACK timer should run. */
    boolean sackPending() {
        return packetsSinceSack > 0 || sackNow;
    }

    /** The SACK for now (RFC 9260 §3.3.4), clearing the duplicates and the pending state. */
    SackChunk createSack(long advertisedWindow) {
        List<SackChunk.GapAckBlock> blocks = new ArrayList<>();
        Iterator<Long> received = receivedAbove.iterator();
        long start = -1;
        long end = -1;
        while (received.hasNext() && blocks.size() < MAX_GAP_BLOCKS) {
            long tsn = received.next();
            if (start >= 0 && tsn == end + 1) {
                end = tsn;
                continue;
            }
            if (start >= 0) {
                blocks.add(block(start, end));
            }
            start = tsn;
            end = tsn;
        }
        if (start >= 0 && blocks.size() < MAX_GAP_BLOCKS) {
            blocks.add(block(start, end));
        }
        SackChunk sack = new SackChunk(SerialNumbers.wrapTsn(cumulativeTsn), Math.max(0, advertisedWindow),
                blocks, duplicates);
        duplicates.clear();
        packetsSinceSack = 0;
        sackNow = false;
        return sack;
    }

    private SackChunk.GapAckBlock block(long start, long end) {
        return new SackChunk.GapAckBlock((int) (start - cumulativeTsn), (int) (end - cumulativeTsn));
    }
}
