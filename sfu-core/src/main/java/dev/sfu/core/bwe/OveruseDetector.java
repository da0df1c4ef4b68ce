package dev.sfu.core.bwe;

/**
 * Over-use detector with an adaptive threshold (draft-ietf-rmcat-gcc-02 §5.4, §5.5; libwebrtc's
 * TrendlineEstimator::Detect and UpdateThreshold).
 *
 * <pre>
 *   m &gt;  gamma for more than 10 ms, twice in a row, and m not falling  -&gt; OVERUSING
 *   m &lt; -gamma                                                         -&gt; UNDERUSING
 *   otherwise                                                           -&gt; NORMAL
 *   gamma += k * (|m| - gamma) * dt,  k = 0.039 when |m| &lt; gamma else 0.0087,  dt &lt;= 100 ms,
 *            not adapted when |m| &gt; gamma + 15; gamma kept in [6, 600]
 * </pre>
 *
 * <p>Not thread-safe; allocation-free.
 */
final class OveruseDetector {
    static final double INITIAL_THRESHOLD = 12.5;
    private static final double K_UP = 0.0087;
    private static final double K_DOWN = 0.039;
    private static final double OVERUSE_TIME_MS = 10;
    private static final double MAX_ADAPT_OFFSET = 15;

    private double threshold = INITIAL_THRESHOLD;
    private double timeOverUsingMs = -1;
    private int overuseCounter;
    private double previousTrend;
    private double lastUpdateMs = Double.NaN;
    private BandwidthUsage state = BandwidthUsage.NORMAL;

    /**
     * @param modifiedTrend  the trendline's modified trend
     * @param trend          its raw slope (compared with the previous one)
     * @param sendDeltaMs    the group's send delta, the time this sample covers
     * @param nowMs          a monotonic time in ms for the threshold adaptation
     * @param enoughSamples  false while fewer than 2 deltas were seen
     */
    BandwidthUsage detect(double modifiedTrend, double trend, double sendDeltaMs, double nowMs, boolean enoughSamples) {
        if (!enoughSamples) {
            state = BandwidthUsage.NORMAL;
            return state;
        }
        if (modifiedTrend > threshold) {
            timeOverUsingMs = timeOverUsingMs < 0 ? sendDeltaMs / 2 : timeOverUsingMs + sendDeltaMs;
            overuseCounter++;
            if (timeOverUsingMs > OVERUSE_TIME_MS && overuseCounter > 1 && trend >= previousTrend) {
                timeOverUsingMs = 0;
                overuseCounter = 0;
                state = BandwidthUsage.OVERUSING;
            }
        } else if (modifiedTrend < -threshold) {
            timeOverUsingMs = -1;
            overuseCounter = 0;
            state = BandwidthUsage.UNDERUSING;
        } else {
            timeOverUsingMs = -1;
            overuseCounter = 0;
            state = BandwidthUsage.NORMAL;
        }
        previousTrend = trend;
        adapt(modifiedTrend, nowMs);
        return state;
    }

    private void adapt(double modifiedTrend, double nowMs) {
        if (Double.isNaN(lastUpdateMs)) {
            lastUpdateMs = nowMs;
        }
        double magnitude = Math.abs(modifiedTrend);
        if (magnitude > threshold + MAX_ADAPT_OFFSET) {
            lastUpdateMs = nowMs; // a spike: do not let it drag the threshold
            return;
        }
        double k = magnitude < threshold ? K_DOWN : K_UP;
        double dt = Math.min(nowMs - lastUpdateMs, 100);
        threshold += k * (magnitude - threshold) * dt;
        threshold = Math.max(6, Math.min(600, threshold));
        lastUpdateMs = nowMs;
    }

    double threshold() {
        return threshold;
    }

    BandwidthUsage state() {
        return state;
    }
}
