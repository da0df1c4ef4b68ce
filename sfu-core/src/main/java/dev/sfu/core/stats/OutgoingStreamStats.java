package dev.sfu.core.stats;

import dev.sfu.core.rtcp.ReceptionReport;

/**
 * A snapshot of one outgoing stream (a subscription) for the statistics API: what
 * {@link SenderReportState} counts, what the receiver reported about it, the NACKs and PLIs it sent us,
 * what we resent, the bitrate and the receiver's bandwidth estimate. Immutable.
 *
 * @param receiverFractionLost the receiver's last reported fraction lost, 0..1
 * @param receiverJitter       the receiver's last reported jitter, in timestamp units
 * @param rttMillis            from the receiver's reports, or -1 while unknown
 */
public record OutgoingStreamStats(
        long ssrc,
        long packets,
        long bytes,
        int receiverCumulativeLost,
        double receiverFractionLost,
        long receiverJitter,
        double rttMillis,
        long nacksReceived,
        long retransmitted,
        long plisReceived,
        long bitrateBps,
        long estimateBps) {

    public static OutgoingStreamStats of(SenderReportState state, long nacksReceived, long retransmitted,
            long plisReceived, long bitrateBps, long estimateBps) {
        ReceptionReport last = state.lastReceptionReport();
        long rtt = state.rttNanos();
        return new OutgoingStreamStats(state.ssrc(), state.packetsSent(), state.octetsSent(),
                last == null ? 0 : last.cumulativeLost(), last == null ? 0 : last.fractionLost() / 256.0,
                last == null ? 0 : last.jitter(), rtt < 0 ? -1 : rtt / 1e6, nacksReceived, retransmitted,
                plisReceived, bitrateBps, estimateBps);
    }
}
