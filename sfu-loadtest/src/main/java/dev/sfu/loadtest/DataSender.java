package dev.sfu.loadtest;

import dev.sfu.core.sctp.SendResult;
import java.util.BitSet;
import java.util.List;

/**
 * One participant's outgoing data messages: numbers them, hands them to its peer (to everyone else in the room, on
 * the reliable channel) and remembers which numbers its own SCTP association refused (its send budget full: the
 * message never left, so no receiver owes it).
 *
 * <p>Threading: {@link #sendDue} runs on the data ticker; the peer completes each send on its loop, in the order
 * the sends were made. Every method is synchronized.
 */
final class DataSender {
    /** Sends not yet completed by the peer beyond which a tick sends nothing (the tool, not the SFU, is behind). */
    static final int MAX_IN_FLIGHT = 2000;

    final LoadClient client;
    final int index;
    private final int size;
    private final BitSet refused = new BitSet();
    private long next;
    private long queued;
    private long queuedBytes;
    private long inFlight;
    private String lastRefusal;
    /** Left the run (churn): what it had in flight when its peer closed may never arrive. */
    private boolean departed;

    DataSender(LoadClient client, int index, int size) {
        this.client = client;
        this.index = index;
        this.size = size;
    }

    /** Sends up to {@code count} messages now (fewer when the peer has not taken the earlier ones yet). */
    void sendDue(int count) {
        for (int i = 0; i < count; i++) {
            long sequence = reserve();
            if (sequence < 0) {
                return;
            }
            byte[] message = DataPayload.encode(index, sequence, size);
            client.peer.sendData(message, List.of(), null, true)
                    .whenComplete((result, failure) -> completed(sequence, message.length,
                            failure != null ? failure.toString() : result == SendResult.QUEUED ? null : result.name()));
        }
    }

    /** The next message's number, now in flight; -1 when {@link #MAX_IN_FLIGHT} are. */
    synchronized long reserve() {
        if (inFlight >= MAX_IN_FLIGHT) {
            return -1;
        }
        inFlight++;
        return next++;
    }

    /** What the association did with message {@code sequence}: queued it ({@code refusal} null) or refused it. */
    synchronized void completed(long sequence, int length, String refusal) {
        inFlight--;
        if (refusal == null) {
            queued++;
            queuedBytes += length;
        } else {
            refused.set((int) sequence);
            lastRefusal = refusal;
        }
        notifyAll();
    }

    /** Waits until the peer completed every send made so far, at most {@code millis}. */
    synchronized void awaitCompleted(long millis) throws InterruptedException {
        long until = System.currentTimeMillis() + millis;
        while (inFlight > 0 && System.currentTimeMillis() < until) {
            wait(Math.max(1, until - System.currentTimeMillis()));
        }
    }

    /** The next message's number: a receiver added now owes the messages from here on. */
    synchronized long nextSequence() {
        return next;
    }

    /** Messages numbered {@code from} or later that the association queued (every receiver owes them). */
    synchronized long queuedFrom(long from) {
        long done = next - inFlight;
        return Math.max(0, done - from) - refused.get((int) Math.min(from, done), (int) done).cardinality();
    }

    synchronized DataTotals.Sent totals() {
        return new DataTotals.Sent(queued, queuedBytes, refused.cardinality());
    }

    synchronized void depart() {
        departed = true;
    }

    synchronized boolean departed() {
        return departed;
    }

    synchronized String lastRefusal() {
        return lastRefusal;
    }
}
