package dev.sfu.core.room;

import dev.sfu.core.model.InboundStreamSnapshot;
import dev.sfu.core.model.MediaCounters;
import dev.sfu.core.model.OutboundStreamSnapshot;
import dev.sfu.core.model.ParticipantStats;
import dev.sfu.core.rtcp.ReceiverEstimatedMaxBitrate;
import dev.sfu.core.rtcp.ReceiverReport;
import dev.sfu.core.rtcp.ReceptionReport;
import dev.sfu.core.rtcp.RtcpPacket;
import dev.sfu.core.rtcp.SenderReport;
import dev.sfu.core.rtx.UpstreamRecovery;
import dev.sfu.core.stats.IncomingStreamStats;
import dev.sfu.core.stats.OutgoingStreamStats;
import dev.sfu.core.stats.RemoteNtpClock;
import java.util.ArrayList;
import java.util.List;

/**
 * Sender and receiver reports (RFC 3550 §6.4) between the server and one participant, in both directions,
 * and the participant's statistics made from them.
 *
 * <pre>
 *   in:  SR from the participant (as publisher): LSR for our RR, its RTP/NTP mapping for the layer
 *        ({@link dev.sfu.core.stats.SenderClock}, its NTP clock placed on ours by {@link RemoteNtpClock})
 *        report blocks (in its SR or RR) about our SSRCs: loss, jitter, RTT -&gt; the subscription's
 *        NACK responder and the participant's RTT
 *   out: every report interval, compound packets (RFC 3550 §6.1, RFC 8108 §5.3):
 *          SR for each subscription that sent something (each its own SSRC),
 *          RR from our RTCP SSRC with a block per received stream (each layer, audio),
 *          SDES with our CNAME for every SSRC in the compound,
 *          REMB (the bitrate hint for the publisher) after the RR
 *        split so that no compound exceeds {@link #MAX_COMPOUND_BYTES}
 * </pre>
 *
 * <p>A participant's RTT is the latest from any of its report blocks: all its streams share one transport,
 * so the RTT of what it receives is also the RTT to it as a publisher (no DLRR needed). Confined to the room's
 * event loop; runs per report, not per packet, so it may allocate.
 */
final class ParticipantReports {
    /** Below a typical path MTU with room for IP/UDP headers and the SRTCP trailer. */
    static final int MAX_COMPOUND_BYTES = 1100;

    private final Participant participant;
    private final long rtcpSsrc;
    private final MediaCounters counters;
    private final RemoteNtpClock publisherClock = new RemoteNtpClock();
    private long rttNanos = -1;
    private long senderReports;
    private long receiverReportBlocks;

    ParticipantReports(Participant participant, long rtcpSsrc, MediaCounters counters) {
        this.participant = participant;
        this.rtcpSsrc = rtcpSsrc;
        this.counters = counters;
    }

    // ---- what the participant sends us ----

    void onSenderReport(SenderReport sr, long nowNanos) {
        senderReports++;
        counters.countSenderReportReceived();
        Layer layer = layerBySsrc(sr.senderSsrc());
        if (layer != null && layer.statistics() != null) {
            layer.statistics().onSenderReport(sr.ntpTimestamp(), nowNanos);
            layer.senderClock().update(sr.rtpTimestamp(), publisherClock.toMonoNanos(sr.ntpTimestamp(), nowNanos));
        }
        onReportBlocks(sr.reports(), nowNanos);
    }

    void onReceiverReport(ReceiverReport rr, long nowNanos) {
        onReportBlocks(rr.reports(), nowNanos);
    }

    private void onReportBlocks(List<ReceptionReport> blocks, long nowNanos) {
        for (ReceptionReport block : blocks) {
            Subscription subscription = subscriptionBySsrc(block.ssrc());
            if (subscription == null) {
                continue;
            }
            receiverReportBlocks++;
            long rtt = subscription.reports().onReceptionReport(block, nowNanos);
            counters.countReportBlockReceived(rtt);
            if (rtt > 0) {
                rttNanos = rtt;
                subscription.onRtt(rtt);
                participant.onRtt(rtt);
            }
        }
    }

    /** A PLI or FIR from the participant (as receiver) for one of our SSRCs. */
    void onKeyframeRequest(long mediaSsrc, boolean fir) {
        Subscription subscription = subscriptionBySsrc(mediaSsrc);
        if (subscription != null) {
            if (fir) {
                subscription.reports().onFir();
            } else {
                subscription.reports().onPli();
            }
        }
    }

    /** The round-trip time to the participant, or -1 before its first report block on one of our SRs. */
    long rttNanos() {
        return rttNanos;
    }

    // ---- what we send the participant ----

    /**
     * The compound packets of one report interval (empty when there is nothing to report).
     *
     * @param bitrateHintBps the REMB sent with the RR to raise the publisher's bitrate; 0 for none
     */
    List<List<RtcpPacket>> reports(long nowNanos, long bitrateHintBps) {
        List<SenderReport> senderReports = new ArrayList<>();
        for (Subscription subscription : participant.subscriptions()) {
            SenderReport sr = subscription.senderReport(nowNanos);
            if (sr != null) {
                senderReports.add(sr);
            }
        }
        List<ReceptionReport> blocks = new ArrayList<>();
        List<Long> mediaSsrcs = new ArrayList<>();
        for (Publication publication : participant.publications()) {
            for (int l = 0; l < publication.layerCount(); l++) {
                Layer layer = publication.layer(l);
                if (layer.statistics() != null && layer.statistics().packetsReceived() > 0) {
                    blocks.add(layer.statistics().receptionReport(nowNanos));
                    mediaSsrcs.add(layer.ssrc());
                }
            }
        }
        counters.countReportsSent(senderReports.size(), blocks.size());
        RtcpPacket remb = bitrateHintBps > 0 && !blocks.isEmpty()
                ? new ReceiverEstimatedMaxBitrate(rtcpSsrc, bitrateHintBps, mediaSsrcs) : null;
        return ReportCompounds.pack(senderReports, rtcpSsrc, blocks, remb, participant.negotiation().cname(), MAX_COMPOUND_BYTES);
    }

    // ---- statistics ----

    ParticipantStats stats(long nowNanos) {
        double rttMillis = rttNanos < 0 ? -1 : rttNanos / 1e6;
        List<InboundStreamSnapshot> inbound = new ArrayList<>();
        for (Publication publication : participant.publications()) {
            for (int l = 0; l < publication.layerCount(); l++) {
                Layer layer = publication.layer(l);
                if (layer.statistics() == null) {
                    continue;
                }
                long keyframeRequests = layer.keyframeRequester() == null ? 0 : layer.keyframeRequester().sent();
                UpstreamRecovery recovery = layer.recovery();
                long nacksSent = recovery == null ? 0 : recovery.nacksSent();
                IncomingStreamStats s = IncomingStreamStats.of(layer.statistics(), nacksSent, keyframeRequests,
                        layer.bitrateBps(nowNanos), rttNanos);
                inbound.add(new InboundStreamSnapshot(publication.id(), publication.kind().sdpName(),
                        publication.mid(), l, layer.rid(), s.ssrc(), s.packets(), s.bytes(), s.cumulativeLost(),
                        s.fractionLost(), s.jitterSeconds() * 1000, s.nacksSent(), s.keyframeRequests(),
                        s.bitrateBps(), layer.senderClock().known(), s.rttMillis()));
            }
        }
        List<OutboundStreamSnapshot> outbound = new ArrayList<>();
        long estimate = participant.bandwidthEstimateBps();
        for (Subscription subscription : participant.subscriptions()) {
            SubscriptionReports reports = subscription.reports();
            OutgoingStreamStats s = reports.snapshot(nowNanos, subscription.retransmitted(), estimate);
            Publication publication = subscription.publication();
            outbound.add(new OutboundStreamSnapshot(publication.id(), publication.owner().id(),
                    publication.kind().sdpName(), subscription.mid(), s.ssrc(), subscription.layers().current(), s.packets(),
                    reports.bytesSent(), s.bitrateBps(), reports.nacksReceived(), reports.nackedPackets(),
                    s.retransmitted(), reports.plisReceived(), reports.firsReceived(), s.receiverCumulativeLost(),
                    s.receiverFractionLost(), s.receiverJitter() * 1000.0 / publication.clockRate(), s.rttMillis(),
                    s.estimateBps()));
        }
        return new ParticipantStats(participant.id(), rttMillis, estimate, senderReports, receiverReportBlocks,
                inbound, outbound, participant.data() == null ? null : participant.data().stats());
    }

    private Layer layerBySsrc(long ssrc) {
        for (Publication publication : participant.publications()) {
            Layer layer = publication.layerBySsrc(ssrc);
            if (layer != null) {
                return layer;
            }
        }
        return null;
    }

    private Subscription subscriptionBySsrc(long ssrc) {
        for (Subscription subscription : participant.subscriptions()) {
            if (subscription.ssrc() == ssrc) {
                return subscription;
            }
        }
        return null;
    }
}
