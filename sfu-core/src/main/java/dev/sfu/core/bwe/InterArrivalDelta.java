package dev.sfu.core.bwe;

/**
 * Groups packets sent within 5 ms of each other (draft-ietf-rmcat-gcc-02 §5.2, libwebrtc's InterArrival)
 * and, each time a group completes, gives the inter-group send and arrival deltas: their difference is
 * the one-way delay variation the trendline filter accumulates.
 *
 * <pre>
 *   group i-1            group i
 *   |send . . last|      |send . . last|          send delta    = last send(i)    - last send(i-1)
 *   |arr  . . last|      |arr  . . last|          arrival delta = last arrival(i) - last arrival(i-1)
 * </pre>
 *
 * <p>A packet that arrives within 5 ms of the group's last arrival and whose delay shrank joins the
 * group (a burst the network delivered together). Packets sent before the current group started
 * (reordered) are ignored. Feed packets in send order (feedback order).
 *
 * <p>Not thread-safe; allocation-free.
 */
final class InterArrivalDelta {
    static final long GROUP_NANOS = 5_000_000L;
    private static final long BURST_NANOS = 5_000_000L;

    private boolean hasCurrent;
    private boolean hasPrevious;
    private long currentFirstSend;
    private long currentLastSend;
    private long currentFirstArrival;
    private long currentLastArrival;
    private long previousLastSend;
    private long previousLastArrival;

    private long sendDelta;
    private long arrivalDelta;
    private long arrival;

    /** Adds a packet; returns true when a group completed and the deltas below are fresh. */
    boolean onPacket(long sendNanos, long arrivalNanos) {
        if (!hasCurrent) {
            startGroup(sendNanos, arrivalNanos);
            return false;
        }
        if (sendNanos < currentFirstSend) {
            return false; // reordered from an earlier group
        }
        if (belongsToCurrent(sendNanos, arrivalNanos)) {
            currentLastSend = Math.max(currentLastSend, sendNanos);
            currentLastArrival = Math.max(currentLastArrival, arrivalNanos);
            return false;
        }
        boolean ready = false;
        if (hasPrevious) {
            sendDelta = currentLastSend - previousLastSend;
            arrivalDelta = currentLastArrival - previousLastArrival;
            arrival = currentLastArrival;
            ready = true;
        }
        previousLastSend = currentLastSend;
        previousLastArrival = currentLastArrival;
        hasPrevious = true;
        startGroup(sendNanos, arrivalNanos);
        return ready;
    }

    private boolean belongsToCurrent(long sendNanos, long arrivalNanos) {
        if (sendNanos - currentFirstSend <= GROUP_NANOS) {
            return true;
        }
        long arrivalGap = arrivalNanos - currentLastArrival;
        long propagationDelta = arrivalGap - (sendNanos - currentLastSend);
        return propagationDelta < 0 && arrivalGap <= BURST_NANOS && arrivalNanos - currentFirstArrival < 100_000_000L;
    }

    private void startGroup(long sendNanos, long arrivalNanos) {
        hasCurrent = true;
        currentFirstSend = sendNanos;
        currentLastSend = sendNanos;
        currentFirstArrival = arrivalNanos;
        currentLastArrival = arrivalNanos;
    }

    long sendDeltaNanos() {
        return sendDelta;
    }

    long arrivalDeltaNanos() {
        return arrivalDelta;
    }

    /** Arrival time of the completed group's last packet. */
    long arrivalNanos() {
        return arrival;
    }
}
