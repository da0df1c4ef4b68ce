package dev.sfu.core.bwe;

/**
 * The delay-based rate controller of draft-ietf-rmcat-gcc-02 §5.5 (libwebrtc's AimdRateControl):
 * additive-increase, multiplicative-decrease driven by the over-use detector's signal.
 *
 * <pre>
 *              NORMAL                 OVERUSING
 *   HOLD ------------------&gt; INCREASE -----------&gt; DECREASE --(once)--&gt; HOLD
 *     ^  UNDERUSING              |                     rate = 0.85 x acknowledged bitrate
 *     +--------------------------+
 *   increase: x 1.08 per second far from the link capacity seen at the last overuse,
 *             about one packet per response time (RTT + 100 ms) near it;
 *             never above 1.5 x acknowledged bitrate + 10 kbps
 *   decrease: at most once per RTT (10..200 ms), sooner when the rate is over twice the acknowledged one
 * </pre>
 *
 * <p>Not thread-safe; allocation-free.
 */
final class AimdRateController {
    static final double BETA = 0.85;
    private static final double MULTIPLICATIVE_PER_SECOND = 1.08;
    private static final long SECOND = 1_000_000_000L;

    private enum State { HOLD, INCREASE, DECREASE }

    private final long minBps;
    private final long maxBps;
    private final LinkCapacityEstimator link = new LinkCapacityEstimator();
    private long bitrate;
    private State state = State.HOLD;
    private long lastChangeNanos = Long.MIN_VALUE;
    private long lastDecreaseNanos = Long.MIN_VALUE / 2;
    private long decreases;

    AimdRateController(long startBps, long minBps, long maxBps) {
        this.minBps = minBps;
        this.maxBps = maxBps;
        this.bitrate = clamp(startBps);
    }

    long bitrateBps() {
        return bitrate;
    }

    long decreases() {
        return decreases;
    }

    /** Sets the rate directly (a probe result, or REMB when it is all there is). */
    void setBitrate(long bps, long nowNanos) {
        bitrate = clamp(bps);
        lastChangeNanos = nowNanos;
    }

    /** Applies one detector signal; {@code ackedBps} is 0 when unknown. Returns the new rate. */
    long update(BandwidthUsage usage, long ackedBps, long nowNanos, long rttNanos) {
        if (lastChangeNanos == Long.MIN_VALUE) {
            lastChangeNanos = nowNanos;
        }
        switch (usage) {
            case OVERUSING -> {
                if (timeToReduceFurther(nowNanos, ackedBps, rttNanos)) {
                    state = State.DECREASE;
                    decrease(ackedBps, nowNanos);
                }
                return bitrate;
            }
            case UNDERUSING -> state = State.HOLD;
            case NORMAL -> {
                if (state == State.HOLD || state == State.DECREASE) {
                    state = State.INCREASE;
                }
            }
        }
        if (state == State.INCREASE) {
            increase(ackedBps, nowNanos, rttNanos);
        } else {
            lastChangeNanos = nowNanos;
        }
        return bitrate;
    }

    private boolean timeToReduceFurther(long nowNanos, long ackedBps, long rttNanos) {
        long interval = Math.max(10_000_000L, Math.min(200_000_000L, rttNanos));
        if (nowNanos - lastDecreaseNanos >= interval) {
            return true;
        }
        return ackedBps > 0 && ackedBps < bitrate / 2;
    }

    private void decrease(long ackedBps, long nowNanos) {
        long decreased = (long) (BETA * (ackedBps > 0 ? ackedBps : bitrate));
        if (decreased > bitrate && link.hasEstimate()) {
            decreased = (long) (BETA * link.estimateBps());
        }
        decreased = Math.min(decreased, bitrate);
        if (ackedBps > 0) {
            if (link.hasEstimate() && ackedBps < link.lowerBoundBps()) {
                link.reset();
            }
            link.onOveruse(ackedBps);
        }
        bitrate = clamp(decreased);
        state = State.HOLD;
        lastChangeNanos = nowNanos;
        lastDecreaseNanos = nowNanos;
        decreases++;
    }

    private void increase(long ackedBps, long nowNanos, long rttNanos) {
        long dtNanos = Math.max(0, Math.min(SECOND, nowNanos - lastChangeNanos));
        double dt = dtNanos / (double) SECOND;
        if (link.hasEstimate() && ackedBps > link.upperBoundBps()) {
            link.reset(); // the link got faster than when it last overused
        }
        long increment;
        if (link.hasEstimate()) {
            double bitsPerFrame = bitrate / 30.0;
            double packetsPerFrame = Math.ceil(bitsPerFrame / (1200 * 8.0));
            double packetBits = bitsPerFrame / packetsPerFrame;
            double responseSeconds = (rttNanos + 100_000_000L) / (double) SECOND;
            increment = (long) (Math.max(4000, packetBits / responseSeconds) * dt);
        } else {
            increment = (long) Math.max(bitrate * (Math.pow(MULTIPLICATIVE_PER_SECOND, dt) - 1), 1000 * dt);
        }
        long next = bitrate + increment;
        if (ackedBps > 0) {
            long limit = (long) (1.5 * ackedBps) + 10_000;
            if (next > limit) {
                next = Math.max(bitrate, limit);
            }
        }
        bitrate = clamp(next);
        lastChangeNanos = nowNanos;
    }

    private long clamp(long bps) {
        return Math.max(minBps, Math.min(maxBps, bps));
    }
}
