package dev.sfu.core.transport;

import java.util.concurrent.atomic.LongAdder;

/**
 * Datagrams and bytes through the media socket, both ways. Counting allocates nothing; metrics read the sums
 * from any thread.
 */
public final class TrafficCounters {
    private final LongAdder packetsIn = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder packetsOut = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final ForwardingDelays forwardingDelays = new ForwardingDelays();
    private final ForwardingDelays copyDelays = new ForwardingDelays();

    void received(int bytes) {
        packetsIn.increment();
        bytesIn.add(bytes);
    }

    void sent(int bytes) {
        packetsOut.increment();
        bytesOut.add(bytes);
    }

    /** Several datagrams at once: the media loop sums a read batch's sends and adds them here once. */
    void sent(long packets, long bytes) {
        packetsOut.add(packets);
        bytesOut.add(bytes);
    }

    /** How long received datagrams were held before their copies went to the kernel. */
    public ForwardingDelays forwardingDelays() {
        return forwardingDelays;
    }

    /**
     * The same per forwarded copy: from the read of the datagram it copies to the end of the {@code sendmmsg} that
     * took it. What one receiver waits for its packet: a fan-out leaves in chunks, so early copies do not wait for
     * the last receiver's encryption.
     */
    public ForwardingDelays copyDelays() {
        return copyDelays;
    }

    public long packetsIn() {
        return packetsIn.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long packetsOut() {
        return packetsOut.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }
}
