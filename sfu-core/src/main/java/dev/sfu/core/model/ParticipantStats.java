package dev.sfu.core.model;

import dev.sfu.core.model.InboundStreamSnapshot;
import dev.sfu.core.model.OutboundStreamSnapshot;
import dev.sfu.core.model.ParticipantStats;
import java.util.List;

/**
 * Per-stream statistics of one participant, from the server's side: every stream it sends us and every
 * stream we send it (what a browser's {@code getStats()} inbound-rtp / outbound-rtp / remote-inbound-rtp
 * show, for the other end of the link).
 *
 * @param rttMillis round trip time to the participant (from its report blocks on our SRs), -1 while unknown
 * @param bandwidthEstimateBps the participant's downlink estimate (REMB), -1 while none
 * @param senderReportsReceived SRs the participant sent us (as publisher)
 * @param reportBlocksReceived report blocks it sent about our streams (as receiver)
 * @param data its data channels; null when its offers had no m=application
 */
public record ParticipantStats(String participantId, double rttMillis, long bandwidthEstimateBps,
        long senderReportsReceived, long reportBlocksReceived, List<InboundStreamSnapshot> inbound,
        List<OutboundStreamSnapshot> outbound, DataChannelStats data) {}
