package dev.sfu.core.model;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of data channel traffic through the SFU for metrics: messages and bytes received from participants
 * (and the backend), messages and bytes delivered to receivers, and drops by {@link DataDropReason}. Written
 * on the media loops, read from any thread; created up front.
 */
public final class DataCounters {
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder[] drops = new LongAdder[DataDropReason.values().length];

    public DataCounters() {
        for (int i = 0; i < drops.length; i++) {
            drops[i] = new LongAdder();
        }
    }

    /** A message part received from a participant or the backend. */
    public void countIn(int bytes) {
        messagesIn.increment();
        bytesIn.add(bytes);
    }

    /** A message handed to a receiver's association. */
    public void countOut(int bytes) {
        messagesOut.increment();
        bytesOut.add(bytes);
    }

    public void countDrop(DataDropReason reason) {
        drops[reason.ordinal()].increment();
    }

    public long messagesIn() {
        return messagesIn.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long messagesOut() {
        return messagesOut.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    public long drops(DataDropReason reason) {
        return drops[reason.ordinal()].sum();
    }
}
