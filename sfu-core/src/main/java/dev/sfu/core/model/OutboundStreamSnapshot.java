package dev.sfu.core.model;

import dev.sfu.core.model.OutboundStreamSnapshot;

/**
 * One stream we send a participant (a subscription), with what the participant's receiver reports and
 * feedback say about it.
 *
 * @param layer the publisher's layer forwarded now, -1 for none
 * @param packets RTP packets sent (retransmissions not counted)
 * @param bytes RTP bytes sent (headers included)
 * @param nacksReceived NACK messages the receiver sent for it
 * @param nackedPackets packets those NACKs asked for
 * @param retransmitted packets resent on them
 * @param packetsLost, fractionLost, jitterMillis the receiver's last report block about it
 * @param rttMillis from the receiver's report blocks on our SRs, -1 while unknown
 * @param estimateBps the receiver's bandwidth estimate (REMB), -1 while none
 */
public record OutboundStreamSnapshot(String trackId, String publisherId, String kind, String mid, long ssrc,
        int layer, long packets, long bytes, long bitrateBps, long nacksReceived, long nackedPackets,
        long retransmitted, long plisReceived, long firsReceived, int packetsLost, double fractionLost,
        double jitterMillis, double rttMillis, long estimateBps) {}
