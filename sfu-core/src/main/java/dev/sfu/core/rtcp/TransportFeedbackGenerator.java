package dev.sfu.core.rtcp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The receive side of transport-wide congestion control: records the transport-wide sequence number
 * and arrival time of every packet a publisher sends us, and turns them into
 * {@link TransportWideFeedback} packets so the publisher's browser can run its own congestion control.
 *
 * <pre>
 *  onPacket(seq, arrival)  per incoming RTP packet carrying the transport-wide sequence extension
 *       |   16-bit seq unwrapped to 64 bits against the highest seen; arrival kept in a ring of 8192
 *       v
 *  [ windowStart ........................ highest ]    ring of arrival times (or "missing")
 *       |
 *  buildFeedback()  every 50-100 ms on the owner's event loop
 *       v
 *  TransportWideFeedback(base = windowStart, ... up to highest), then windowStart = highest + 1
 * </pre>
 *
 * <p>Reordering: a packet arriving after the feedback that covered its sequence number was built
 * moves the window start back to it, so the next feedback reports it again, received (the sender
 * takes the newer report), as libwebrtc's receive side does. Packets older than the ring are ignored.
 * Packets missing between received ones are reported as not received.
 *
 * <p>Bounds: one feedback reports at most {@code maxStatusCount} packets (500 by default: at most
 * 20 + 144 + 1000 bytes); a receive delta that does not fit the 16-bit field (more than 8.19 s) ends a
 * feedback and the next one starts with a new reference time.
 *
 * <p>Arrival times are nanoseconds of any monotonic clock, passed by the caller (the time the datagram
 * was read); the reference time is that clock in 64 ms units, modulo 2^24.
 *
 * <p>Not thread-safe: confined to the event loop of the publisher's transport. {@link #onPacket}
 * allocates nothing; {@link #buildFeedback} allocates the records it returns.
 */
public final class TransportFeedbackGenerator {
    /** Default bound on the packets one feedback reports. */
    public static final int DEFAULT_MAX_STATUS_COUNT = 500;
    /** Packets remembered; older sequence numbers are ignored. */
    public static final int HISTORY = 1 << 13;
    private static final int MASK = HISTORY - 1;
    private static final long MISSING = Long.MIN_VALUE;
    private static final long TICK_NANOS = TransportWideFeedback.DELTA_TICK_MICROS * 1000L;

    private final long senderSsrc;
    private final int maxStatusCount;
    private final long[] arrivals = new long[HISTORY];
    private long mediaSsrc;
    private long highest = -1;
    private long windowStart = -1;
    private int feedbackCount;
    private long ignoredTooOld;

    public TransportFeedbackGenerator(long senderSsrc, long mediaSsrc) {
        this(senderSsrc, mediaSsrc, DEFAULT_MAX_STATUS_COUNT);
    }

    public TransportFeedbackGenerator(long senderSsrc, long mediaSsrc, int maxStatusCount) {
        RtcpHeader.checkU32("senderSsrc", senderSsrc);
        RtcpHeader.checkU32("mediaSsrc", mediaSsrc);
        this.senderSsrc = senderSsrc;
        this.mediaSsrc = mediaSsrc;
        this.maxStatusCount = RtcpHeader.checkRange("maxStatusCount", maxStatusCount, 1, 8191);
        Arrays.fill(arrivals, MISSING);
    }

    /** The media SSRC feedback names (the publisher's first media stream; any of its SSRCs will do). */
    public void mediaSsrc(long ssrc) {
        this.mediaSsrc = RtcpHeader.checkU32("mediaSsrc", ssrc);
    }

    /** Records one packet; a duplicate keeps the first arrival. Allocation-free. */
    public void onPacket(int transportSequence, long arrivalNanos) {
        int seq = transportSequence & 0xFFFF;
        long unwrapped;
        if (highest < 0) {
            unwrapped = (1L << 16) + seq; // room below for packets reordered before the first one
            highest = unwrapped;
            windowStart = unwrapped;
        } else {
            unwrapped = highest + (short) (seq - (int) (highest & 0xFFFF));
        }
        if (unwrapped > highest) {
            long clearFrom = Math.max(highest + 1, unwrapped - HISTORY + 1);
            for (long s = clearFrom; s < unwrapped; s++) {
                arrivals[(int) (s & MASK)] = MISSING;
            }
            highest = unwrapped;
            windowStart = Math.max(windowStart, highest - HISTORY + 1);
            arrivals[(int) (unwrapped & MASK)] = arrivalNanos;
            return;
        }
        if (unwrapped <= highest - HISTORY) {
            ignoredTooOld++;
            return;
        }
        int slot = (int) (unwrapped & MASK);
        if (arrivals[slot] != MISSING) {
            return; // duplicate, reported or not
        }
        if (unwrapped < windowStart) {
            windowStart = unwrapped; // reported missing already: report it again, received
        }
        arrivals[slot] = arrivalNanos;
    }

    /** Whether packets are waiting to be reported. */
    public boolean hasPending() {
        return highest >= 0 && windowStart <= highest;
    }

    /** Packets (received or missing) the next feedback would cover. */
    public long pendingCount() {
        return hasPending() ? highest - windowStart + 1 : 0;
    }

    /** Packets ignored because they were older than the history. */
    public long ignoredTooOld() {
        return ignoredTooOld;
    }

    /**
     * Builds feedback for every pending packet (usually one packet; more when the bounds split it) and
     * marks them reported. Returns an empty list when nothing is pending.
     */
    public List<TransportWideFeedback> buildFeedback() {
        if (!hasPending()) {
            return List.of();
        }
        List<TransportWideFeedback> out = new ArrayList<>(1);
        while (windowStart <= highest) {
            out.add(buildOne());
        }
        return out;
    }

    private TransportWideFeedback buildOne() {
        long base = windowStart;
        long last = Math.min(highest, base + maxStatusCount - 1);
        List<Integer> deltas = new ArrayList<>((int) (last - base + 1));
        long referenceUnits = 0;
        long previousTicks = 0;
        boolean anyReceived = false;
        long s = base;
        for (; s <= last; s++) {
            long arrival = arrivals[(int) (s & MASK)];
            if (arrival == MISSING) {
                deltas.add(TransportWideFeedback.NOT_RECEIVED);
                continue;
            }
            long ticks = Math.floorDiv(arrival, TICK_NANOS);
            if (!anyReceived) {
                referenceUnits = Math.floorDiv(ticks, TransportWideFeedback.TICKS_PER_REFERENCE_UNIT);
                previousTicks = referenceUnits * TransportWideFeedback.TICKS_PER_REFERENCE_UNIT;
                anyReceived = true;
            }
            long delta = ticks - previousTicks;
            if (delta < Short.MIN_VALUE || delta > Short.MAX_VALUE) {
                break; // the next feedback starts here, with its own reference time
            }
            deltas.add((int) delta);
            previousTicks = ticks;
        }
        windowStart = s;
        int referenceTime = ((int) referenceUnits << 8) >> 8; // low 24 bits, sign-extended
        TransportWideFeedback feedback = new TransportWideFeedback(senderSsrc, mediaSsrc, (int) (base & 0xFFFF),
                referenceTime, feedbackCount, deltas);
        feedbackCount = (feedbackCount + 1) & 0xFF;
        return feedback;
    }
}
