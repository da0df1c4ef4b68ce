package dev.sfu.core.room;

import dev.sfu.core.rtcp.ReceptionReport;
import dev.sfu.core.rtcp.SenderReport;
import dev.sfu.core.stats.BitrateMeter;
import dev.sfu.core.stats.NtpClock;
import dev.sfu.core.stats.OutgoingStreamStats;
import dev.sfu.core.stats.SenderClock;
import dev.sfu.core.stats.SenderReportState;
import java.util.List;

/**
 * The RTCP side of one subscription (an outgoing stream): what its sender reports say, the receiver's
 * report blocks about it (loss, jitter, RTT), the feedback it sent (NACK, PLI, FIR) and its bitrate.
 *
 * <pre>
 *   onSent(outTimestamp, payload, bytes, now)         per packet forwarded            allocation-free
 *   senderReport(now, layer, timestampOffset)         per report interval
 *     RTP = the layer's publisher clock ({@link SenderClock}, from its SRs) at now + the rewriter's
 *           timestamp offset, so the receiver's RTP-to-NTP mapping is the publisher's (on our NTP
 *           timeline) whatever layer is forwarded; before the publisher's first SR, the SFU's own
 *           clock: the last timestamp sent advanced in real time
 *     NTP = the server's {@link NtpClock}; packet and octet counts of what was sent
 *   onReceptionReport(block, now)  -&gt; RTT (A - LSR - DLSR), also handed to the NACK responder
 * </pre>
 *
 * <p>Confined to the room's event loop.
 */
final class SubscriptionReports {
    private final SenderReportState sender;
    private final BitrateMeter bitrate = BitrateMeter.oneSecond();
    private long nacksReceived;
    private long nackedPackets;
    private long plisReceived;
    private long firsReceived;
    /** Everything sent on this stream, SPS/PPS inserted before keyframes included (the SR counts media only). */
    private long packetsSent;
    private long bytesSent;

    SubscriptionReports(long ssrc, int clockRate, NtpClock ntpClock) {
        this.sender = new SenderReportState(ssrc, clockRate, ntpClock);
    }

    /** One packet went out with this (rewritten) timestamp; allocation-free. */
    void onSent(long outTimestamp, int payloadBytes, int packetBytes, long nowNanos) {
        sender.onPacketSent(outTimestamp, payloadBytes, nowNanos);
        bitrate.add(nowNanos, packetBytes);
        packetsSent++;
        bytesSent += packetBytes;
    }

    /** A packet the server inserted (H264 SPS/PPS before a keyframe): counted as sent, not in the SR. */
    void onInserted(int packetBytes) {
        packetsSent++;
        bytesSent += packetBytes;
    }

    long packetsSent() {
        return packetsSent;
    }

    long bytesSent() {
        return bytesSent;
    }

    /** Whether an SR is due: nothing is reported about a stream that sent nothing yet. */
    boolean hasSent() {
        return sender.hasSent();
    }

    /**
     * The SR for now.
     *
     * @param forwarded the layer forwarded now, or null
     * @param timestampOffset what the rewriter adds to that layer's timestamps
     */
    SenderReport senderReport(long nowNanos, Layer forwarded, long timestampOffset) {
        return senderReport(nowNanos, forwarded == null ? null : forwarded.senderClock(), timestampOffset);
    }

    SenderReport senderReport(long nowNanos, SenderClock publisherClock, long timestampOffset) {
        long rtp = publisherClock != null && publisherClock.known()
                ? publisherClock.rtpAt(nowNanos) + timestampOffset
                : sender.extrapolatedRtpTimestamp(nowNanos);
        return sender.senderReport(nowNanos, rtp, List.of());
    }

    /** The receiver's report block about this stream; returns the RTT in nanoseconds, or -1. */
    long onReceptionReport(ReceptionReport block, long nowNanos) {
        return sender.onReceptionReport(block, nowNanos);
    }

    void onNack(int packets) {
        nacksReceived++;
        nackedPackets += packets;
    }

    void onPli() {
        plisReceived++;
    }

    void onFir() {
        firsReceived++;
    }

    long rttNanos() {
        return sender.rttNanos();
    }

    long nacksReceived() {
        return nacksReceived;
    }

    long nackedPackets() {
        return nackedPackets;
    }

    long plisReceived() {
        return plisReceived;
    }

    long firsReceived() {
        return firsReceived;
    }

    OutgoingStreamStats snapshot(long nowNanos, long retransmitted, long estimateBps) {
        return OutgoingStreamStats.of(sender, nacksReceived, retransmitted, plisReceived, bitrate.bitrateBps(nowNanos),
                estimateBps);
    }
}
