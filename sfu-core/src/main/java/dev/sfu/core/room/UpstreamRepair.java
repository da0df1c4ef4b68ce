package dev.sfu.core.room;

import dev.sfu.core.model.MediaCounters;
import dev.sfu.core.rtcp.FullIntraRequest;
import dev.sfu.core.rtcp.PictureLossIndication;
import dev.sfu.core.rtcp.ReceiverReport;
import dev.sfu.core.rtcp.RtcpPacket;
import dev.sfu.core.rtcp.TransportLayerNack;
import dev.sfu.core.rtx.UpstreamRecovery;
import java.util.List;

/**
 * The feedback the server sends one publisher about what it publishes: NACKs for what its video layers lost on
 * the way to us (each layer's {@link UpstreamRecovery}), and keyframe requests (PLI, or FIR when a PLI brought
 * nothing; the layers' {@link KeyframeRequester}s decide when).
 *
 * <pre>
 *   requestRepairs()     the 20 ms tick: per layer some receiver is on, RR + NACK (RFC 4585 §6.2.1, one per
 *                        layer) for the numbers missing past the reorder window; given up -> keyframe request
 *   requestKeyframe()    RR + PLI (RFC 4585 §6.3.1) or FIR (RFC 5104 §4.3.1, its own sequence number)
 * </pre>
 *
 * <p>Confined to the room's event loop; runs per tick, not per packet.
 */
final class UpstreamRepair {
    /** Sends one RTCP compound to the publisher (dropped while its transport is not connected). */
    interface RtcpOut {
        void send(List<RtcpPacket> compound);
    }

    private final MediaCounters counters;
    private final long rtcpSsrc;
    private final List<Publication> publications;
    private final RtcpOut out;
    private int firSequence;

    /** @param publications the publisher's publications (a live, array-backed view) */
    UpstreamRepair(RoomContext context, long rtcpSsrc, List<Publication> publications, RtcpOut out) {
        this.counters = context.counters();
        this.rtcpSsrc = rtcpSsrc;
        this.publications = publications;
        this.out = out;
    }

    /**
     * For each video layer some receiver is on, NACKs what it is missing, and asks for a keyframe when repair
     * failed. The caller checks the publisher is connected.
     */
    void requestRepairs() {
        for (int i = 0, n = publications.size(); i < n; i++) {
            Publication publication = publications.get(i);
            for (int l = 0; l < publication.layerCount(); l++) {
                UpstreamRecovery recovery = publication.layer(l).recovery();
                long mediaSsrc = publication.layer(l).ssrc();
                if (recovery == null || mediaSsrc < 0) {
                    continue;
                }
                List<Integer> lost = recovery.collectNacks();
                boolean keyframe = recovery.takeKeyframeRequest();
                if ((lost.isEmpty() && !keyframe) || !isForwarded(publication, l)) {
                    // Nobody gets this layer now: its losses are not worth the publisher's uplink.
                    continue;
                }
                if (!lost.isEmpty()) {
                    counters.countNacksSent(lost.size());
                    out.send(List.of(new ReceiverReport(rtcpSsrc, List.of()),
                            new TransportLayerNack(rtcpSsrc, mediaSsrc, lost)));
                }
                if (keyframe) {
                    counters.countRepairFailed();
                    publication.requestKeyframe(l);
                }
            }
        }
    }

    private static boolean isForwarded(Publication publication, int layer) {
        List<Subscription> subscriptions = publication.subscriptions();
        for (int i = 0, n = subscriptions.size(); i < n; i++) {
            if (subscriptions.get(i).layers().current() == layer) {
                return true;
            }
        }
        return false;
    }

    /** Asks the publisher for a keyframe of the stream with this SSRC: PLI, or FIR. */
    void requestKeyframe(long mediaSsrc, boolean fullIntraRequest) {
        if (mediaSsrc < 0) {
            return;
        }
        counters.countPliSent();
        RtcpPacket request = fullIntraRequest
                ? new FullIntraRequest(rtcpSsrc, List.of(new FullIntraRequest.Entry(mediaSsrc, firSequence++ & 0xFF)))
                : new PictureLossIndication(rtcpSsrc, mediaSsrc);
        out.send(List.of(new ReceiverReport(rtcpSsrc, List.of()), request));
    }
}
