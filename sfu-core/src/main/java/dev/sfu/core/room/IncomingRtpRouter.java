package dev.sfu.core.room;

import dev.sfu.core.model.MediaCounters;
import dev.sfu.core.transport.DropCounters;
import dev.sfu.core.transport.DropReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One publisher's incoming RTP by SSRC: to the {@link Layer} of a {@link Publication} that has it as media SSRC
 * ({@link Publication#onRtp}) or as RTX SSRC ({@link Publication#onRtx}). An SSRC the offer did not list is bound
 * once from the packet's header extensions (RFC 8843 §9.2 mid, RFC 8852 rtp-stream-id / repaired-rtp-stream-id).
 *
 * <pre>
 *   route(source)         a scan of the publications' layers (an array-backed list: no allocation)
 *     media SSRC          -> Publication.onRtp(layer, packet)
 *     RTX SSRC            -> Publication.onRtx: repaired (counted) or unused (a drop by reason)
 *     unknown             -> bound by mid + rid / repaired-rid, or the only unbound layer; else dropped
 * </pre>
 *
 * <p>Confined to the room's event loop.
 */
final class IncomingRtpRouter {
    /** Told when an SSRC is bound to a simulcast layer: the receivers' allocations may change. */
    interface LayerBound {
        void layerBound();
    }

    private final DropCounters drops;
    private final MediaCounters counters;
    private final Map<String, Publication> publicationsByMid;
    private final LayerBound layerBound;
    /** Publications in an array-backed list so the per-packet SSRC lookup allocates nothing. */
    private final List<Publication> publications = new ArrayList<>();
    private int midExtensionId = -1;
    private int ridExtensionId = -1;
    private int repairedRidExtensionId = -1;

    /** @param publicationsByMid the publisher's publications by mid (a live view) */
    IncomingRtpRouter(RoomContext context, Map<String, Publication> publicationsByMid, LayerBound layerBound) {
        this.drops = context.drops();
        this.counters = context.counters();
        this.publicationsByMid = publicationsByMid;
        this.layerBound = layerBound;
    }

    /** The ids the publisher's offer gave the mid, rid and repaired-rid extensions (-1: absent). */
    void extensionIds(int midExtension, int ridExtension, int repairedRidExtension) {
        midExtensionId = midExtension;
        ridExtensionId = ridExtension;
        repairedRidExtensionId = repairedRidExtension;
    }

    void add(Publication publication) {
        publications.add(publication);
    }

    void remove(Publication publication) {
        publications.remove(publication);
    }

    /** The publications in arrival order (array-backed: index it, no iterator). */
    List<Publication> publications() {
        return publications;
    }

    /** One decrypted RTP packet, loaded (parsed once) by the caller; its buffer is borrowed for the call. */
    void route(SourcePacket source) {
        long ssrc = source.ssrc();
        for (int i = 0, n = publications.size(); i < n; i++) {
            Publication publication = publications.get(i);
            Layer layer = publication.layerBySsrc(ssrc);
            if (layer != null) {
                publication.onRtp(layer, source);
                return;
            }
            Layer repairs = publication.layerByRtxSsrc(ssrc);
            if (repairs != null) {
                onRtx(publication, repairs, source);
                return;
            }
        }
        bindUnknownSsrc(source, ssrc);
    }

    private void onRtx(Publication publication, Layer layer, SourcePacket source) {
        if (publication.onRtx(layer, source.buffer(), source)) {
            counters.countRepaired();
        } else {
            // Duplicates, RTX probes and padding of packets that did arrive, repairs given up on, audio.
            drops.count(DropReason.RTX_UNUSED);
        }
    }

    /**
     * A stream the offer did not list by SSRC: its mid header extension names the track (RFC 8843 §9.2),
     * its rtp-stream-id the simulcast layer, a repaired-rtp-stream-id its RTX stream (RFC 8852).
     * Runs once per new SSRC, so it may allocate.
     */
    private void bindUnknownSsrc(SourcePacket source, long ssrc) {
        String mid = source.extensionText(midExtensionId);
        Publication publication = mid == null ? null : publicationsByMid.get(mid);
        if (publication == null) {
            drops.count(DropReason.UNKNOWN_SSRC);
            return;
        }
        String rid = source.extensionText(ridExtensionId);
        if (rid != null) {
            Layer layer = publication.layerByRid(rid);
            if (layer != null && layer.ssrc() < 0) {
                layer.bindSsrc(ssrc);
                publication.onRtp(layer, source);
                layerBound.layerBound();
                return;
            }
        }
        String repairedRid = source.extensionText(repairedRidExtensionId);
        if (repairedRid != null) {
            Layer layer = publication.layerByRid(repairedRid);
            if (layer != null && layer.rtxSsrc() < 0) {
                layer.bindRtxSsrc(ssrc);
                onRtx(publication, layer, source);
            } else {
                drops.count(DropReason.RTX_UNUSED);
            }
            return;
        }
        Layer single = publication.unboundSingleLayer();
        if (single != null) {
            single.bindSsrc(ssrc);
            publication.onRtp(single, source);
            return;
        }
        drops.count(DropReason.UNKNOWN_SSRC);
    }
}
