package dev.sfu.core.room;

import dev.sfu.core.model.MediaCounters;
import dev.sfu.core.rtcp.FullIntraRequest;
import dev.sfu.core.rtcp.PictureLossIndication;
import dev.sfu.core.rtcp.ReceiverEstimatedMaxBitrate;
import dev.sfu.core.rtcp.ReceiverReport;
import dev.sfu.core.rtcp.RtcpCompound;
import dev.sfu.core.rtcp.RtcpException;
import dev.sfu.core.rtcp.RtcpPacket;
import dev.sfu.core.rtcp.SenderReport;
import dev.sfu.core.rtcp.TransportLayerNack;
import dev.sfu.core.rtcp.TransportWideFeedback;
import dev.sfu.core.time.MonotonicClock;
import dev.sfu.core.transport.DropCounters;
import dev.sfu.core.transport.DropReason;
import io.netty.buffer.ByteBuf;
import java.util.Collection;
import java.util.List;

/**
 * One participant's incoming RTCP, parsed into records and handed to the part it concerns:
 *
 * <pre>
 *   PLI / FIR for an outgoing SSRC  -> that subscription's publication: a keyframe of the layer it gets
 *   NACK for an outgoing SSRC       -> that subscription's {@link Retransmitter}
 *   SR, RR                          -> {@link ParticipantReports} (LSR, RTT, report blocks)
 *   REMB                            -> {@link DownlinkEstimator} and {@link ReceiverAllocation} (fallback)
 *   transport-cc feedback           -> {@link DownlinkEstimator}; a probe that showed room re-allocates now
 * </pre>
 *
 * <p>Confined to the room's event loop; runs per RTCP packet, which is parsed into records (it allocates).
 */
final class RtcpDispatcher {
    private final MonotonicClock clock;
    private final DropCounters drops;
    private final MediaCounters counters;
    private final ParticipantReports reports;
    private final DownlinkEstimator downlink;
    private final ReceiverAllocation allocation;
    private final Collection<Subscription> subscriptions;

    /** @param subscriptions the participant's subscriptions (a live view) */
    RtcpDispatcher(RoomContext context, ParticipantReports reports, DownlinkEstimator downlink,
            ReceiverAllocation allocation, Collection<Subscription> subscriptions) {
        this.clock = context.clock();
        this.drops = context.drops();
        this.counters = context.counters();
        this.reports = reports;
        this.downlink = downlink;
        this.allocation = allocation;
        this.subscriptions = subscriptions;
    }

    void onRtcp(ByteBuf packet) {
        List<RtcpPacket> packets;
        try {
            packets = RtcpCompound.parse(packet);
        } catch (RtcpException e) {
            drops.count(DropReason.MALFORMED_RTCP);
            return;
        }
        long now = clock.nanos();
        for (RtcpPacket rtcp : packets) {
            if (rtcp instanceof PictureLossIndication pli) {
                reports.onKeyframeRequest(pli.mediaSsrc(), false);
                requestKeyframeFor(pli.mediaSsrc());
            } else if (rtcp instanceof FullIntraRequest fir) {
                for (FullIntraRequest.Entry entry : fir.entries()) {
                    reports.onKeyframeRequest(entry.ssrc(), true);
                    requestKeyframeFor(entry.ssrc());
                }
            } else if (rtcp instanceof TransportWideFeedback feedback) {
                if (downlink.onFeedback(feedback)) {
                    allocation.allocate(); // a probe showed room for more: step up now, not at the next tick
                }
            } else if (rtcp instanceof SenderReport sr) {
                reports.onSenderReport(sr, now);
            } else if (rtcp instanceof ReceiverReport rr) {
                reports.onReceiverReport(rr, now);
            } else if (rtcp instanceof ReceiverEstimatedMaxBitrate remb) {
                downlink.onRemb(remb.bitrateBps());
                allocation.onRemb(remb.bitrateBps());
            } else if (rtcp instanceof TransportLayerNack nack) {
                counters.countNacksReceived(nack.lostSequenceNumbers().size());
                Subscription subscription = subscriptionBySsrc(nack.mediaSsrc());
                if (subscription != null) {
                    subscription.onNack(nack.lostSequenceNumbers());
                }
            }
        }
    }

    /** The subscription sending with this SSRC, or null. */
    private Subscription subscriptionBySsrc(long outgoingSsrc) {
        for (Subscription subscription : subscriptions) {
            if (subscription.ssrc() == outgoingSsrc) {
                return subscription;
            }
        }
        return null;
    }

    private void requestKeyframeFor(long outgoingSsrc) {
        Subscription subscription = subscriptionBySsrc(outgoingSsrc);
        if (subscription != null) {
            int layer = subscription.layers().current() >= 0 ? subscription.layers().current() : subscription.layers().target();
            subscription.publication().requestKeyframe(layer);
        }
    }
}
