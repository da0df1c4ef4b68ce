package dev.sfu.core.bwe;

/**
 * The bitrate the link carried when overuse was last detected, with its deviation (libwebrtc's
 * LinkCapacityEstimator): near it the rate controller increases additively, far from it
 * multiplicatively. Values in kbps, as the variance clamp [0.4, 2.5] assumes.
 *
 * <p>Not thread-safe; allocation-free.
 */
final class LinkCapacityEstimator {
    private static final double ALPHA = 0.05;
    private double estimateKbps = -1;
    private double variance = 0.4;

    boolean hasEstimate() {
        return estimateKbps >= 0;
    }

    void onOveruse(long ackedBps) {
        double sample = ackedBps / 1000.0;
        if (estimateKbps < 0) {
            estimateKbps = sample;
        } else {
            estimateKbps = (1 - ALPHA) * estimateKbps + ALPHA * sample;
        }
        double norm = Math.max(estimateKbps, 1.0);
        double error = estimateKbps - sample;
        variance = (1 - ALPHA) * variance + ALPHA * error * error / norm;
        variance = Math.max(0.4, Math.min(2.5, variance));
    }

    long upperBoundBps() {
        return (long) ((estimateKbps + 3 * deviationKbps()) * 1000);
    }

    long lowerBoundBps() {
        return (long) (Math.max(0, estimateKbps - 3 * deviationKbps()) * 1000);
    }

    long estimateBps() {
        return (long) (estimateKbps * 1000);
    }

    void reset() {
        estimateKbps = -1;
    }

    private double deviationKbps() {
        return Math.sqrt(variance * estimateKbps);
    }
}
