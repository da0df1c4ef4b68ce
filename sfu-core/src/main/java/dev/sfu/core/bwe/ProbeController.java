package dev.sfu.core.bwe;

import dev.sfu.core.time.MonotonicClock;

/**
 * Decides when and how hard to probe a receiver's path before the layer allocation steps it up to a
 * higher layer. The estimate of {@link SendSideBandwidthEstimator} can only grow to about 1.5 times what
 * the receiver acknowledges, so a receiver held on a low layer never earns the estimate a higher one
 * needs. A probe sends padding (padding-only RTP, or RTX of recent packets) on top of the media, so
 * the total reaches the target for a while, and watches the feedback.
 *
 * <pre>
 *   requestStepUp(desired, media)      estimate &gt;= desired: step up now (true)
 *        |                              else, unless probing or backing off: start a probe
 *        v
 *   PROBING  rate = min(desired, 2 x estimate), for 500 ms; padding = rate - media
 *        |   paddingBytes()   every 5-20 ms: the padding to send now (token bucket, 20 ms deep)
 *        |   onFeedback()     after each transport-cc feedback
 *        v
 *   over-use seen ........................ FAILED: back off 2 s, doubling to 32 s
 *   500 ms + RTT over, acknowledged rate &gt;= 90% of the probe rate
 *                                         SUCCEEDED: estimate raised to what was acknowledged
 *   otherwise ............................ FAILED
 * </pre>
 *
 * <p>Not thread-safe: confined to the receiver's event loop, with its estimator. {@link #paddingBytes}
 * allocates nothing.
 */
public final class ProbeController {
    /** How a probe ended, reported by {@link #onFeedback}. */
    public enum Outcome { NONE, SUCCEEDED, FAILED }

    static final long PROBE_NANOS = 500_000_000L;
    private static final long MIN_BACKOFF_NANOS = 2_000_000_000L;
    private static final long MAX_BACKOFF_NANOS = 32_000_000_000L;
    private static final long BUCKET_NANOS = 20_000_000L;

    private final MonotonicClock clock;
    private final SendSideBandwidthEstimator estimator;
    private boolean probing;
    private long probeBps;
    private long mediaBps;
    private long probeStartNanos;
    private long maxAcknowledgedBps;
    private boolean overuseSeen;
    private long backoffNanos = MIN_BACKOFF_NANOS;
    private long notBeforeNanos = Long.MIN_VALUE;
    private double budgetBytes;
    private long lastPaddingNanos;
    private long probes;
    private long successes;

    public ProbeController(MonotonicClock clock, SendSideBandwidthEstimator estimator) {
        this.clock = clock;
        this.estimator = estimator;
    }

    /**
     * The allocation wants to send {@code desiredBps} in total (the next layer up) while it sends
     * {@code currentMediaBps}. Returns true when the estimate already allows it; otherwise starts a probe
     * when none runs and no back-off holds, and returns false.
     */
    public boolean requestStepUp(long desiredBps, long currentMediaBps) {
        long estimate = estimator.estimateBps();
        if (estimate >= desiredBps) {
            return true;
        }
        long now = clock.nanos();
        if (!probing && now >= notBeforeNanos) {
            probing = true;
            probes++;
            probeBps = Math.min(desiredBps, 2 * estimate);
            mediaBps = currentMediaBps;
            probeStartNanos = now;
            lastPaddingNanos = now;
            budgetBytes = 0;
            maxAcknowledgedBps = 0;
            overuseSeen = false;
        }
        return false;
    }

    /** Media bitrate now being sent, so the padding makes up only the difference. */
    public void mediaBitrate(long bps) {
        this.mediaBps = bps;
    }

    /** Bytes of padding to send now; 0 when not probing. Allocation-free. */
    public int paddingBytes() {
        if (!probing) {
            return 0;
        }
        long now = clock.nanos();
        if (now - probeStartNanos >= PROBE_NANOS) {
            return 0;
        }
        long paddingBps = Math.max(0, probeBps - mediaBps);
        long elapsed = Math.min(now - lastPaddingNanos, BUCKET_NANOS);
        lastPaddingNanos = now;
        budgetBytes = Math.min(budgetBytes + paddingBps * (elapsed / 1e9) / 8, paddingBps * (BUCKET_NANOS / 1e9) / 8);
        int bytes = (int) budgetBytes;
        budgetBytes -= bytes;
        return bytes;
    }

    /** Call after each feedback was given to the estimator; ends the probe when it can be judged. */
    public Outcome onFeedback() {
        if (!probing) {
            return Outcome.NONE;
        }
        long now = clock.nanos();
        overuseSeen |= estimator.usage() == BandwidthUsage.OVERUSING;
        maxAcknowledgedBps = Math.max(maxAcknowledgedBps, estimator.acknowledgedBps());
        if (overuseSeen) {
            return finish(false, now);
        }
        if (now - probeStartNanos < PROBE_NANOS + estimator.rttNanos()) {
            return Outcome.NONE;
        }
        boolean ok = maxAcknowledgedBps >= probeBps * 9 / 10;
        if (ok) {
            estimator.onProbeSucceeded(maxAcknowledgedBps);
        }
        return finish(ok, now);
    }

    private Outcome finish(boolean success, long now) {
        probing = false;
        if (success) {
            successes++;
            backoffNanos = MIN_BACKOFF_NANOS;
            notBeforeNanos = now;
            return Outcome.SUCCEEDED;
        }
        notBeforeNanos = now + backoffNanos;
        backoffNanos = Math.min(MAX_BACKOFF_NANOS, backoffNanos * 2);
        return Outcome.FAILED;
    }

    public boolean isProbing() {
        return probing;
    }

    /** The total rate of the running (or last) probe. */
    public long probeBps() {
        return probeBps;
    }

    public long probes() {
        return probes;
    }

    public long successes() {
        return successes;
    }
}
