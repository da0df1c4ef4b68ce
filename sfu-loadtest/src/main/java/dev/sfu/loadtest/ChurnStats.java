package dev.sfu.loadtest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The accounting of churn: replacements done, joins that failed, what the subscribers that left had received
 * (so that the run's sums do not drop when one leaves), their delivery over the packets they saw, and the
 * newcomers' time from starting to join to their first packet and first complete video frame.
 *
 * <p>Thread-safe: written by the churn thread and its joins, read by the measuring thread.
 */
final class ChurnStats {
    private int leaves;
    private int joins;
    private int joinFailures;
    private int secondLeaves;
    private int secondJoins;
    private String lastError;
    private PeerTotals departed = PeerTotals.ZERO;
    private long departedSignalingErrors;
    private long deliveryExpected;
    private long deliveryReceived;
    private int withoutFrame;
    private final List<Long> firstPacketMillis = new ArrayList<>();
    private final List<Long> firstFrameMillis = new ArrayList<>();

    /** A subscriber left: its last figures, signaling errors and delivery ({expected, received}). */
    synchronized void left(PeerTotals last, long signalingErrors, long[] delivery) {
        leaves++;
        secondLeaves++;
        departed = departed.plus(last);
        departedSignalingErrors += signalingErrors;
        deliveryExpected += delivery[0];
        deliveryReceived += delivery[1];
    }

    synchronized void joined() {
        joins++;
        secondJoins++;
    }

    synchronized void joinFailed(String why) {
        joinFailures++;
        lastError = why;
    }

    /** A newcomer's first packet and first video frame, ms after it started to join (-1: none). */
    synchronized void firstMedia(long[] millis) {
        if (millis[0] >= 0) {
            firstPacketMillis.add(millis[0]);
        }
        if (millis[1] >= 0) {
            firstFrameMillis.add(millis[1]);
        } else {
            withoutFrame++;
        }
    }

    /** What the subscribers that left had received, summed. */
    synchronized PeerTotals departed() {
        return departed;
    }

    synchronized long departedSignalingErrors() {
        return departedSignalingErrors;
    }

    synchronized int joinFailures() {
        return joinFailures;
    }

    synchronized String lastError() {
        return lastError;
    }

    /** {leaves, joins} since the last call. */
    synchronized int[] takeSecond() {
        int[] r = {secondLeaves, secondJoins};
        secondLeaves = 0;
        secondJoins = 0;
        return r;
    }

    synchronized long[] delivery() {
        return new long[] {deliveryExpected, deliveryReceived};
    }

    synchronized Report.Churn report(int perMinute, int stillJoining) {
        List<Long> packet = new ArrayList<>(firstPacketMillis);
        List<Long> frame = new ArrayList<>(firstFrameMillis);
        packet.sort(null);
        frame.sort(null);
        return new Report.Churn(perMinute, leaves, joins, joinFailures, stillJoining, times(packet), times(frame),
                withoutFrame, deliveryExpected, deliveryReceived, lastError);
    }

    private static Report.JoinTimes times(List<Long> sorted) {
        return new Report.JoinTimes(percentile(sorted, 0.5), percentile(sorted, 0.99), percentile(sorted, 1),
                sorted.size());
    }

    /**
     * What a subscriber that leaves got of each stream from our publishers: {expected, received}, expected
     * running from the first stamp counter it saw to the last (it leaves: what was still in flight is not
     * missing). Simulcast video is left out as in the end-of-run check (a counter per layer).
     */
    static long[] delivery(Collection<ReceivedStream> received, Set<Integer> publisherIds, boolean simulcast) {
        long expected = 0;
        long got = 0;
        for (ReceivedStream r : received) {
            if (!publisherIds.contains(r.senderId) || (r.video && simulcast) || r.firstCounter < 0) {
                continue;
            }
            expected += r.lastCounter - r.firstCounter + 1;
            got += r.packets;
        }
        return new long[] {expected, got};
    }

    /** {first packet, first complete video frame} in ms after joinStartNanos, -1 for what never came. */
    static long[] firstMedia(Collection<ReceivedStream> received, long joinStartNanos) {
        long packet = Long.MAX_VALUE;
        long frame = Long.MAX_VALUE;
        for (ReceivedStream r : received) {
            if (r.firstPacketNanos != 0) {
                packet = Math.min(packet, r.firstPacketNanos);
            }
            if (r.video && r.firstFrameNanos != 0) {
                frame = Math.min(frame, r.firstFrameNanos);
            }
        }
        return new long[] {packet == Long.MAX_VALUE ? -1 : (packet - joinStartNanos) / 1_000_000,
                frame == Long.MAX_VALUE ? -1 : (frame - joinStartNanos) / 1_000_000};
    }

    /** Nearest-rank percentile of sorted values, -1 when there are none. */
    static long percentile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
