package dev.sfu.peer;

/**
 * A simulated bottleneck in front of a peer's receiver, for tests of the server's bandwidth estimate
 * without root or {@code tc}: a link of {@code rateBps} with a drop-tail queue of at most
 * {@code maxQueueNanos}. Each packet is given the time it would come out of the link; a packet that
 * would wait longer than the queue holds is dropped. The peer reports the computed arrival times in its
 * transport-cc feedback and really discards dropped packets, so the sender sees what a rate-limited
 * link shows: queuing delay that grows once it sends too much, then loss.
 *
 * <p>Not thread-safe: confined to the peer's event loop. Allocation-free.
 */
final class DownlinkBottleneck {
    /** Per-packet overhead on the wire beyond the RTP packet: IPv4 + UDP headers. */
    static final int WIRE_OVERHEAD_BYTES = 28;
    private long rateBps;
    private final long maxQueueNanos;
    private long busyUntilNanos = Long.MIN_VALUE;
    private long dropped;

    DownlinkBottleneck(long maxQueueNanos) {
        this.maxQueueNanos = maxQueueNanos;
    }

    /** The link rate; 0 or less lifts the limit. */
    void rateBps(long bps) {
        this.rateBps = bps;
    }

    long rateBps() {
        return rateBps;
    }

    /** When a packet of {@code bytes} arriving at {@code nowNanos} leaves the link, or -1 when it is dropped. */
    long arrival(long nowNanos, int bytes) {
        if (rateBps <= 0) {
            return nowNanos;
        }
        long start = Math.max(nowNanos, busyUntilNanos);
        if (start - nowNanos > maxQueueNanos) {
            dropped++;
            return -1;
        }
        long done = start + (bytes + WIRE_OVERHEAD_BYTES) * 8L * 1_000_000_000L / rateBps;
        busyUntilNanos = done;
        return done;
    }

    long dropped() {
        return dropped;
    }
}
