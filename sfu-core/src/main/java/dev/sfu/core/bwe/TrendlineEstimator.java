package dev.sfu.core.bwe;

/**
 * The delay trend of draft-ietf-rmcat-gcc's arrival-time filter, as libwebrtc's TrendlineEstimator
 * computes it: accumulate the inter-group delay variation, smooth it exponentially, and fit a line
 * through the last {@value #WINDOW} (arrival time, smoothed delay) points; the slope says whether the
 * bottleneck queue grows (positive) or drains (negative).
 *
 * <pre>
 *   d(i)        = arrival delta - send delta                      (ms)
 *   acc(i)      = acc(i-1) + d(i)
 *   smooth(i)   = 0.9 * smooth(i-1) + 0.1 * acc(i)
 *   slope       = least-squares slope of smooth over arrival time, last 20 groups
 *   modified    = min(groups, 60) * slope * 4                     (compared with the threshold)
 * </pre>
 *
 * <p>Not thread-safe; allocation-free (the window is a ring of doubles).
 */
final class TrendlineEstimator {
    static final int WINDOW = 20;
    private static final double SMOOTHING = 0.9;
    private static final double GAIN = 4.0;
    private static final int MAX_DELTAS = 60;

    private final double[] times = new double[WINDOW];
    private final double[] delays = new double[WINDOW];
    private int count;
    private int next;
    private int deltas;
    private double firstArrivalMs = Double.NaN;
    private double accumulated;
    private double smoothed;
    private double slope;

    /**
     * Adds one group's deltas; returns the modified trend to compare with the overuse threshold
     * (0 until the window is full).
     */
    double update(double arrivalDeltaMs, double sendDeltaMs, double arrivalMs) {
        double delta = arrivalDeltaMs - sendDeltaMs;
        deltas = Math.min(deltas + 1, 1000);
        if (Double.isNaN(firstArrivalMs)) {
            firstArrivalMs = arrivalMs;
        }
        accumulated += delta;
        smoothed = SMOOTHING * smoothed + (1 - SMOOTHING) * accumulated;
        times[next] = arrivalMs - firstArrivalMs;
        delays[next] = smoothed;
        next = (next + 1) % WINDOW;
        count = Math.min(count + 1, WINDOW);
        if (count == WINDOW) {
            slope = fitSlope();
        }
        return modifiedTrend();
    }

    /** The raw slope of the last fit (ms of delay per ms). */
    double slope() {
        return slope;
    }

    double modifiedTrend() {
        return Math.min(deltas, MAX_DELTAS) * slope * GAIN;
    }

    int deltas() {
        return deltas;
    }

    private double fitSlope() {
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < WINDOW; i++) {
            meanX += times[i];
            meanY += delays[i];
        }
        meanX /= WINDOW;
        meanY /= WINDOW;
        double numerator = 0;
        double denominator = 0;
        for (int i = 0; i < WINDOW; i++) {
            double dx = times[i] - meanX;
            numerator += dx * (delays[i] - meanY);
            denominator += dx * dx;
        }
        return denominator == 0 ? slope : numerator / denominator;
    }
}
