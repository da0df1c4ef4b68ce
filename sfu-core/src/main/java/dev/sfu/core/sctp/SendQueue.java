package dev.sfu.core.sctp;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * User messages accepted by {@code send} and not yet given TSNs, first in first out over all streams,
 * with each stream's next outgoing SSN (RFC 9260 §6.6), assigned when a message leaves this queue.
 *
 * <p>Bounds: the association admits a message only while this queue plus the retransmission queue stay
 * within the send budget; the SSN map holds at most one entry per outbound stream used. Confined to the
 * association's thread.
 */
final class SendQueue {
    /** One user message; {@code expiresAtNanos} is {@link Long#MAX_VALUE} without a lifetime. */
    record Message(int streamId, long ppid, byte[] payload, boolean unordered, int maxRetransmits,
            long expiresAtNanos) {}

    private final ArrayDeque<Message> messages = new ArrayDeque<>();
    private final Map<Integer, Integer> nextSsn = new HashMap<>();
    private long bytes;

    void add(Message message) {
        messages.addLast(message);
        bytes += message.payload().length;
    }

    long bytes() {
        return bytes;
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }

    /** The next message not yet expired (RFC 3758: a lifetime that ends before sending drops it). */
    Message poll(long now, Runnable onExpired) {
        Message message;
        while ((message = messages.pollFirst()) != null) {
            bytes -= message.payload().length;
            if (now - message.expiresAtNanos() < 0 || message.expiresAtNanos() == Long.MAX_VALUE) {
                return message;
            }
            onExpired.run();
        }
        return null;
    }

    /** Takes the next SSN of an ordered message's stream (unordered messages carry 0, unused). */
    int assignSsn(Message message) {
        if (message.unordered()) {
            return 0;
        }
        int ssn = nextSsn.getOrDefault(message.streamId(), 0);
        nextSsn.put(message.streamId(), (ssn + 1) & 0xFFFF);
        return ssn;
    }

    boolean hasMessagesFor(Set<Integer> streamIds) {
        for (Message message : messages) {
            if (streamIds.contains(message.streamId())) {
                return true;
            }
        }
        return false;
    }

    /** RFC 6525 §5.1.2: once the peer performed the reset, the streams' SSNs start at 0 again. */
    void resetSsns(Iterable<Integer> streamIds) {
        for (int streamId : streamIds) {
            nextSsn.remove(streamId);
        }
    }

    void clear() {
        messages.clear();
        bytes = 0;
    }
}
