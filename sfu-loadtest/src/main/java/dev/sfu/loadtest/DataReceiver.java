package dev.sfu.loadtest;

import dev.sfu.peer.DataMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one participant received of the run's data messages, checked message by message ({@link DataPayload}):
 * per sender, how many arrived intact and in order from the first number this receiver is owed, how many bytes,
 * how many were corrupt or came out of order.
 *
 * <p>The Java peer keeps the last 10,000 messages it received; {@link #take} is given that list each poll and
 * reads what came after the last message it saw (found by identity). When more than the list holds arrived
 * between two polls, the ones that fell out are counted {@code unchecked}, not lost.
 *
 * <p>Threading: {@link #take} runs on the data ticker, the readers on the measuring thread; synchronized.
 */
final class DataReceiver {
    final LoadClient client;
    /** The sender index of this participant when it sends too (its own messages do not come back), else -1. */
    final int ownSenderIndex;
    /** Stopped reading on purpose ({@code --data-stalled}): left out of the delivery check. */
    final boolean stalled;
    /** Sender index -> the first message number this receiver is owed. */
    private final Map<Integer, Long> owedFrom;
    private final Map<Integer, long[]> bySender = new HashMap<>(); // {last sequence, owed ones received}
    private DataMessage lastSeen;
    /** Messages of the peer's count read or counted unchecked so far. */
    private long accounted;
    private long received;
    private long receivedBytes;
    private long corrupt;
    private long disordered;
    private long unchecked;
    private boolean departed;
    /** Why this participant's SCTP association closed, as its peer said; null while it is up. */
    private String closedReason;

    DataReceiver(LoadClient client, int ownSenderIndex, boolean stalled, Map<Integer, Long> owedFrom) {
        this.client = client;
        this.ownSenderIndex = ownSenderIndex;
        this.stalled = stalled;
        this.owedFrom = Map.copyOf(owedFrom);
    }

    /**
     * Reads the new messages of a poll.
     *
     * @param kept the peer's kept messages, oldest first
     * @param total the peer's count of messages received, read after {@code kept}
     */
    synchronized void take(List<DataMessage> kept, long total) {
        int start = 0;
        for (int i = kept.size() - 1; i >= 0 && lastSeen != null; i--) {
            if (kept.get(i) == lastSeen) {
                start = i + 1;
                break;
            }
        }
        long fresh = kept.size() - start;
        if (start == 0 && lastSeen != null) { // the last one seen fell out of the list: others may have, unread
            long missed = Math.max(0, total - accounted - fresh);
            unchecked += missed;
            accounted += missed;
        }
        accounted += fresh;
        for (int i = start; i < kept.size(); i++) {
            check(kept.get(i).data());
        }
        if (!kept.isEmpty()) {
            lastSeen = kept.get(kept.size() - 1);
        }
    }

    private void check(byte[] data) {
        DataPayload.Checked c = DataPayload.check(data);
        if (!c.intact()) {
            corrupt++;
            return;
        }
        received++;
        receivedBytes += data.length;
        long[] s = bySender.computeIfAbsent(c.sender(), k -> new long[] {-1, 0});
        if (c.sequence() <= s[0]) {
            disordered++;
            return;
        }
        s[0] = c.sequence();
        if (c.sequence() >= owedFrom.getOrDefault(c.sender(), Long.MAX_VALUE)) {
            s[1]++;
        }
    }

    synchronized void closed(String reason) {
        if (reason != null) {
            closedReason = reason;
        }
    }

    synchronized String closedReason() {
        return closedReason;
    }

    synchronized void depart() {
        departed = true;
    }

    synchronized boolean departed() {
        return departed;
    }

    Map<Integer, Long> owedFrom() {
        return owedFrom;
    }

    /** Owed messages from {@code sender} that arrived intact and in order. */
    synchronized long owedReceived(int sender) {
        long[] s = bySender.get(sender);
        return s == null ? 0 : s[1];
    }

    synchronized DataTotals.Received totals() {
        return new DataTotals.Received(received, receivedBytes, corrupt, disordered, unchecked);
    }
}
