package dev.sfu.core.stats;

/**
 * A snapshot of one incoming stream (a publisher's encoding) for the statistics API: what
 * {@link StreamStatistics}, the stream's NACK generator, keyframe requests and a {@link BitrateMeter}
 * count. Immutable; made on the stream's event loop, read anywhere.
 *
 * @param fractionLost the fraction lost of the last reported interval, 0..1
 * @param rttMillis    the RTT to the publisher, or -1 while unknown
 */
public record IncomingStreamStats(
        long ssrc,
        long packets,
        long bytes,
        int cumulativeLost,
        double fractionLost,
        double jitterSeconds,
        long nacksSent,
        long keyframeRequests,
        long bitrateBps,
        double rttMillis) {

    /** The snapshot of {@code stats} with the counters other blocks keep. */
    public static IncomingStreamStats of(StreamStatistics stats, long nacksSent, long keyframeRequests,
            long bitrateBps, long rttNanos) {
        return new IncomingStreamStats(stats.ssrc(), stats.packetsReceived(), stats.bytesReceived(),
                stats.cumulativeLost(), stats.lastFractionLost() / 256.0, stats.jitterSeconds(), nacksSent,
                keyframeRequests, bitrateBps, rttNanos < 0 ? -1 : rttNanos / 1e6);
    }
}
