package dev.sfu.core.sctp;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Joins DATA fragments into user messages (RFC 9260 §6.9) and hands them up in order (§6.5): ordered
 * messages per stream by SSN, unordered ones as soon as complete. The fragments of one message carry
 * consecutive TSNs (no I-DATA), the first with B, the last with E.
 *
 * <p>Bounds: the bytes held are counted ({@link #bufferedBytes()}); the association advertises
 * {@code receiveWindow - bufferedBytes()} and drops DATA that would go past it, so this queue never holds
 * more than the receive window. A message growing past the max message size is reported
 * ({@link AddResult#TOO_LARGE}) so the association can abort rather than hold it. Stream state exists only
 * for streams that hold fragments or have delivered ordered messages (at most the inbound stream count).
 * Confined to the association's thread.
 */
final class ReassemblyQueue {
    /** Receives each complete message once, in delivery order. */
    interface Delivery {
        void deliver(int streamId, long ppid, byte[] payload);
    }

    enum AddResult { ADDED, TOO_LARGE }

    private final int maxMessageSize;
    private final Delivery delivery;
    /** ordered fragments per stream, by unwrapped SSN then unwrapped TSN */
    private final Map<Integer, OrderedStream> ordered = new HashMap<>();
    /** unordered fragments of every stream, by unwrapped TSN */
    private final TreeMap<Long, DataChunk> unordered = new TreeMap<>();
    private long bufferedBytes;
    private int heldFragments;

    ReassemblyQueue(int maxMessageSize, Delivery delivery) {
        this.maxMessageSize = maxMessageSize;
        this.delivery = delivery;
    }

    long bufferedBytes() {
        return bufferedBytes;
    }

    /** Fragments held; bounded by the association too, as tiny fragments cost more than their bytes. */
    int heldFragments() {
        return heldFragments;
    }

    /** Adds a new (not duplicate) fragment with its unwrapped TSN and delivers what became complete. */
    AddResult add(long tsn, DataChunk chunk) {
        bufferedBytes += chunk.userData().length();
        heldFragments++;
        if (chunk.unordered()) {
            unordered.put(tsn, chunk);
            return addUnordered(tsn);
        }
        OrderedStream stream = ordered.computeIfAbsent(chunk.streamIdentifier(), id -> new OrderedStream());
        long ssn = SerialNumbers.unwrapSsn(stream.nextSsn, chunk.streamSequenceNumber());
        if (ssn < stream.nextSsn) {
            bufferedBytes -= chunk.userData().length(); // a message already delivered or skipped
            heldFragments--;
            return AddResult.ADDED;
        }
        TreeMap<Long, DataChunk> fragments = stream.messages.computeIfAbsent(ssn, s -> new TreeMap<>());
        fragments.put(tsn, chunk);
        if (bytes(fragments) > maxMessageSize) {
            return AddResult.TOO_LARGE;
        }
        deliverReady(chunk.streamIdentifier(), stream);
        return AddResult.ADDED;
    }

    private AddResult addUnordered(long tsn) {
        long first = tsn;
        while (!unordered.get(first).beginning() && unordered.containsKey(first - 1)) {
            first--;
        }
        long last = tsn;
        while (!unordered.get(last).ending() && unordered.containsKey(last + 1)) {
            last++;
        }
        NavigableMap<Long, DataChunk> run = unordered.subMap(first, true, last, true);
        if (bytes(run) > maxMessageSize) {
            return AddResult.TOO_LARGE;
        }
        if (unordered.get(first).beginning() && unordered.get(last).ending()) {
            DataChunk head = unordered.get(first);
            byte[] message = join(run);
            run.clear();
            delivery.deliver(head.streamIdentifier(), head.payloadProtocolIdentifier(), message);
        }
        return AddResult.ADDED;
    }

    private void deliverReady(int streamId, OrderedStream stream) {
        while (true) {
            TreeMap<Long, DataChunk> fragments = stream.messages.get(stream.nextSsn);
            if (fragments == null || !complete(fragments)) {
                return;
            }
            stream.messages.remove(stream.nextSsn);
            stream.nextSsn++;
            delivery.deliver(streamId, fragments.firstEntry().getValue().payloadProtocolIdentifier(),
                    join(fragments));
        }
    }

    /** B on the first, E on the last, and no TSN missing between them. */
    private static boolean complete(TreeMap<Long, DataChunk> fragments) {
        return fragments.firstEntry().getValue().beginning() && fragments.lastEntry().getValue().ending()
                && fragments.lastKey() - fragments.firstKey() + 1 == fragments.size();
    }

    private static long bytes(Map<Long, DataChunk> fragments) {
        long total = 0;
        for (DataChunk chunk : fragments.values()) {
            total += chunk.userData().length();
        }
        return total;
    }

    private void release(Map<Long, DataChunk> fragments) {
        bufferedBytes -= bytes(fragments);
        heldFragments -= fragments.size();
    }

    private byte[] join(Map<Long, DataChunk> fragments) {
        byte[] message = new byte[(int) bytes(fragments)];
        int at = 0;
        for (DataChunk chunk : fragments.values()) {
            byte[] part = chunk.userData().array();
            System.arraycopy(part, 0, message, at, part.length);
            at += part.length;
        }
        release(fragments);
        return message;
    }

    /**
     * A FORWARD TSN (RFC 3758 §3.6): drops the unordered fragments at or below {@code newCumulativeTsn}
     * (a complete unordered message is never held, so these are parts of abandoned ones), drops each listed
     * stream's messages up to its skipped SSN, moves the stream past it and delivers what that unblocked.
     * Complete ordered messages below the new cumulative TSN that are not skipped stay and are delivered.
     */
    void forwardTo(long newCumulativeTsn, Iterable<ForwardTsnChunk.SkippedStream> skipped) {
        NavigableMap<Long, DataChunk> dropped = unordered.headMap(newCumulativeTsn, true);
        release(dropped);
        dropped.clear();
        for (ForwardTsnChunk.SkippedStream skip : skipped) {
            OrderedStream stream = ordered.computeIfAbsent(skip.streamIdentifier(), id -> new OrderedStream());
            long ssn = SerialNumbers.unwrapSsn(stream.nextSsn, skip.streamSequenceNumber());
            if (ssn >= stream.nextSsn) {
                NavigableMap<Long, TreeMap<Long, DataChunk>> skippedMessages = stream.messages.headMap(ssn, true);
                for (TreeMap<Long, DataChunk> fragments : skippedMessages.values()) {
                    release(fragments);
                }
                skippedMessages.clear();
                stream.nextSsn = ssn + 1;
            }
            deliverReady(skip.streamIdentifier(), stream);
        }
    }

    /** RFC 6525 §5.2.2: the peer reset its outgoing streams: their next SSN is 0 again. */
    void resetStreams(Iterable<Integer> streamIds) {
        for (int streamId : streamIds) {
            OrderedStream stream = ordered.remove(streamId);
            if (stream != null) {
                for (TreeMap<Long, DataChunk> fragments : stream.messages.values()) {
                    release(fragments);
                }
            }
        }
    }

    private static final class OrderedStream {
        /** unwrapped SSN of the next message to deliver */
        long nextSsn;
        final TreeMap<Long, TreeMap<Long, DataChunk>> messages = new TreeMap<>();
    }
}
