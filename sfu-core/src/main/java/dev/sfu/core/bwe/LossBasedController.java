package dev.sfu.core.bwe;

/**
 * The loss-based controller of draft-ietf-rmcat-gcc-02 §6 (libwebrtc's classic
 * SendSideBandwidthEstimation): losses counted from transport-cc feedback over about one second.
 *
 * <pre>
 *   loss &lt;  2%   rate = 1.08 x rate + 1 kbps        (about 8% per second)
 *   loss &gt; 10%   rate = rate x (1 - loss / 2)       (at most once per 300 ms + RTT)
 *   otherwise    hold
 * </pre>
 *
 * <p>An increase never passes the delay-based rate, and a decrease starts from the lower of the two;
 * while losses sit between 2% and 10% the rate holds even when the delay-based one dips, so the
 * delay-based sawtooth does not ratchet it down. The estimate is the lower of the two.
 * Not thread-safe; allocation-free.
 */
final class LossBasedController {
    static final double LOW_LOSS = 0.02;
    static final double HIGH_LOSS = 0.10;
    private static final long INTERVAL_NANOS = 1_000_000_000L;
    private static final int MIN_EXPECTED = 20;

    private final long minBps;
    private final long maxBps;
    private long bitrate;
    private long expected;
    private long lost;
    private long windowStartNanos = Long.MIN_VALUE;
    private long lastDecreaseNanos = Long.MIN_VALUE / 2;
    private double lastLossFraction;

    LossBasedController(long startBps, long minBps, long maxBps) {
        this.minBps = minBps;
        this.maxBps = maxBps;
        this.bitrate = startBps;
    }

    long bitrateBps() {
        return bitrate;
    }

    /** The loss fraction of the last completed interval. */
    double lossFraction() {
        return lastLossFraction;
    }

    /**
     * Counts one feedback's packets; updates the rate when an interval completed. An increase does not
     * pass {@code delayBasedBps}; a decrease starts from the lower of the two.
     */
    void onFeedback(int expectedPackets, int lostPackets, long nowNanos, long rttNanos, long delayBasedBps) {
        if (windowStartNanos == Long.MIN_VALUE) {
            windowStartNanos = nowNanos;
        }
        expected += expectedPackets;
        lost += lostPackets;
        if (nowNanos - windowStartNanos < INTERVAL_NANOS || expected < MIN_EXPECTED) {
            return;
        }
        double fraction = Math.max(0, (double) lost / expected);
        lastLossFraction = fraction;
        expected = 0;
        lost = 0;
        windowStartNanos = nowNanos;
        if (fraction < LOW_LOSS) {
            bitrate = clamp(Math.max(bitrate, Math.min((long) (bitrate * 1.08) + 1000, delayBasedBps)));
        } else if (fraction > HIGH_LOSS && nowNanos - lastDecreaseNanos >= 300_000_000L + rttNanos) {
            bitrate = clamp((long) (Math.min(bitrate, delayBasedBps) * (1 - fraction / 2)));
            lastDecreaseNanos = nowNanos;
        }
    }

    /** A successful probe: follow it up unless the last interval lost more than 10%. */
    void raiseTo(long bps) {
        if (lastLossFraction <= HIGH_LOSS) {
            bitrate = clamp(Math.max(bitrate, bps));
        }
    }

    private long clamp(long bps) {
        return Math.max(minBps, Math.min(maxBps, bps));
    }
}
