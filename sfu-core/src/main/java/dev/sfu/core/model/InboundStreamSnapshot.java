package dev.sfu.core.model;

import dev.sfu.core.model.InboundStreamSnapshot;

/**
 * One stream a participant sends us (a simulcast layer, or the only encoding of a track), as we receive it:
 * what our receiver reports about it say, and the feedback we sent its publisher.
 *
 * @param layer the layer index (0 lowest)
 * @param packetsLost expected minus received (RFC 3550 A.3), may be negative with duplicates
 * @param fractionLost lost in the last report interval, 0..1
 * @param jitterMillis interarrival jitter (RFC 3550 A.8)
 * @param nacksSent NACKs we sent the publisher for it
 * @param keyframeRequests PLIs/FIRs we sent the publisher for it
 * @param senderReportReceived whether the publisher's SR for it arrived (its RTP/NTP mapping is known)
 * @param rttMillis the round trip time to the participant, -1 while unknown
 */
public record InboundStreamSnapshot(String trackId, String kind, String mid, int layer, String rid, long ssrc,
        long packets, long bytes, int packetsLost, double fractionLost, double jitterMillis, long nacksSent,
        long keyframeRequests, long bitrateBps, boolean senderReportReceived, double rttMillis) {}
