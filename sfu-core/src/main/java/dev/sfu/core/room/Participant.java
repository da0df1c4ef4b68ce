package dev.sfu.core.room;

import dev.sfu.core.engine.JoinOptions;
import dev.sfu.core.engine.ParticipantObserver;
import dev.sfu.core.engine.ParticipantPermissions;
import dev.sfu.core.engine.ParticipantSnapshot;
import dev.sfu.core.engine.SubscriptionSnapshot;
import dev.sfu.core.engine.TrackSnapshot;
import dev.sfu.core.rtcp.FullIntraRequest;
import dev.sfu.core.rtcp.PictureLossIndication;
import dev.sfu.core.rtcp.ReceiverEstimatedMaxBitrate;
import dev.sfu.core.rtcp.ReceiverReport;
import dev.sfu.core.rtcp.ReceptionReport;
import dev.sfu.core.rtcp.RtcpCompound;
import dev.sfu.core.rtcp.RtcpException;
import dev.sfu.core.rtcp.RtcpPacket;
import dev.sfu.core.rtp.RtpPacket;
import dev.sfu.core.transport.DropCounters;
import dev.sfu.core.transport.DropReason;
import dev.sfu.core.transport.ParticipantTransport;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A participant of a room: its transport, the tracks it publishes and the tracks it receives.
 * Routes its incoming RTP to its publications by SSRC and its incoming RTCP feedback to the publishers
 * concerned. Confined to the room's event loop.
 */
public final class Participant implements ParticipantTransport.Listener {
    private final String id;
    private final String name;
    private final Room room;
    private final ParticipantObserver observer;
    private final DropCounters drops;
    private final long rtcpSsrc = ThreadLocalRandom.current().nextLong(1, 1L << 32);
    private final long sessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    private final String cname = "sfu-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    private ParticipantTransport transport;
    private final Map<String, Publication> publicationsByMid = new LinkedHashMap<>();
    private final Map<String, Subscription> subscriptionsByMid = new LinkedHashMap<>();
    /** Publications in an array-backed list so the per-packet SSRC lookup allocates nothing. */
    private final List<Publication> publications = new ArrayList<>();
    private int midExtensionId = -1;
    private boolean negotiated;
    private boolean left;

    Participant(String id, String name, Room room, ParticipantObserver observer, DropCounters drops) {
        this.id = id;
        this.name = name;
        this.room = room;
        this.observer = observer;
        this.drops = drops;
    }

    void attachTransport(ParticipantTransport transport) {
        this.transport = transport;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    Room room() {
        return room;
    }

    ParticipantObserver observer() {
        return observer;
    }

    ParticipantTransport transport() {
        return transport;
    }

    long sessionId() {
        return sessionId;
    }

    String cname() {
        return cname;
    }

    boolean negotiated() {
        return negotiated;
    }

    void markNegotiated(int midExtension) {
        negotiated = true;
        midExtensionId = midExtension;
    }

    boolean hasLeft() {
        return left;
    }

    void markLeft() {
        left = true;
    }

    Publication publicationByMid(String mid) {
        return publicationsByMid.get(mid);
    }

    Collection<Publication> publications() {
        return publicationsByMid.values();
    }

    void addPublication(Publication publication) {
        publicationsByMid.put(publication.mid(), publication);
        publications.add(publication);
    }

    void removePublication(Publication publication) {
        publicationsByMid.remove(publication.mid(), publication);
        publications.remove(publication);
    }

    Subscription subscriptionByMid(String mid) {
        return subscriptionsByMid.get(mid);
    }

    Collection<Subscription> subscriptions() {
        return subscriptionsByMid.values();
    }

    void addSubscription(Subscription subscription) {
        subscriptionsByMid.put(subscription.mid(), subscription);
    }

    void removeSubscription(Subscription subscription) {
        subscriptionsByMid.remove(subscription.mid(), subscription);
    }

    // ---- transport events (event loop) ----

    @Override
    public void onTransportConnected() {
        for (Subscription subscription : subscriptionsByMid.values()) {
            subscription.activate();
        }
        for (Publication publication : publications) {
            publication.requestKeyframe();
        }
    }

    @Override
    public void onRtp(ByteBuf packet) {
        if (RtpPacket.headerLength(packet) < 0) {
            drops.count(DropReason.MALFORMED_RTP);
            return;
        }
        long ssrc = RtpPacket.ssrc(packet);
        for (int i = 0, n = publications.size(); i < n; i++) {
            Publication publication = publications.get(i);
            if (publication.ssrc() == ssrc) {
                publication.onRtp(packet);
                return;
            }
            if (publication.rtxSsrc() == ssrc) {
                drops.count(DropReason.RTX_UNUSED);
                return;
            }
        }
        Publication bound = bindByMid(packet, ssrc);
        if (bound != null) {
            bound.onRtp(packet);
        } else {
            drops.count(DropReason.UNKNOWN_SSRC);
        }
    }

    /** A stream with no a=ssrc in the offer is recognised by its mid header extension (RFC 8843 §9.2). */
    private Publication bindByMid(ByteBuf packet, long ssrc) {
        if (midExtensionId < 0) {
            return null;
        }
        long extension = RtpPacket.findExtension(packet, midExtensionId);
        if (extension < 0) {
            return null;
        }
        String mid = packet.toString(RtpPacket.extensionOffset(extension), RtpPacket.extensionLength(extension),
                StandardCharsets.US_ASCII);
        Publication publication = publicationsByMid.get(mid);
        if (publication == null || publication.hasSsrc()) {
            return null;
        }
        publication.bindSsrc(ssrc, -1);
        return publication;
    }

    @Override
    public void onRtcp(ByteBuf packet) {
        List<RtcpPacket> packets;
        try {
            packets = RtcpCompound.parse(packet);
        } catch (RtcpException e) {
            drops.count(DropReason.MALFORMED_RTCP);
            return;
        }
        for (RtcpPacket rtcp : packets) {
            if (rtcp instanceof PictureLossIndication pli) {
                requestKeyframeFor(pli.mediaSsrc());
            } else if (rtcp instanceof FullIntraRequest fir) {
                for (FullIntraRequest.Entry entry : fir.entries()) {
                    requestKeyframeFor(entry.ssrc());
                }
            }
        }
    }

    private void requestKeyframeFor(long outgoingSsrc) {
        for (Subscription subscription : subscriptionsByMid.values()) {
            if (subscription.ssrc() == outgoingSsrc) {
                subscription.publication().requestKeyframe();
                return;
            }
        }
    }

    @Override
    public void onTransportFailed(String reason) {
        room.registry().drop(this, reason);
    }

    // ---- RTCP this participant is sent ----

    /** Asks this participant (as publisher) for a keyframe of the stream with this SSRC. */
    void sendPictureLossIndication(long mediaSsrc) {
        room.registry().counters().countPliSent();
        sendRtcp(List.of(new ReceiverReport(rtcpSsrc, List.of()), new PictureLossIndication(rtcpSsrc, mediaSsrc)));
    }

    /**
     * Receiver reports for what this participant publishes, and a REMB hint so its browser raises the bitrate
     * (the bandwidth estimation proper comes with transport-cc).
     */
    void sendReceiverFeedback(long bitrateHintBps) {
        if (publications.isEmpty() || !transport.isConnected()) {
            return;
        }
        List<ReceptionReport> reports = new ArrayList<>();
        List<Long> ssrcs = new ArrayList<>();
        for (Publication publication : publications) {
            if (publication.hasSsrc() && publication.packets() > 0) {
                reports.add(new ReceptionReport(publication.ssrc(), 0, 0, publication.extendedHighestSequence(), 0, 0,
                        0));
                ssrcs.add(publication.ssrc());
            }
        }
        if (reports.isEmpty()) {
            return;
        }
        sendRtcp(List.of(new ReceiverReport(rtcpSsrc, reports),
                new ReceiverEstimatedMaxBitrate(rtcpSsrc, bitrateHintBps, ssrcs)));
    }

    private void sendRtcp(List<RtcpPacket> packets) {
        if (transport == null || !transport.isConnected()) {
            return;
        }
        ByteBuf compound = RtcpCompound.encode(transport.alloc(), packets);
        compound.ensureWritable(ParticipantTransport.SRTP_TAILROOM);
        transport.sendRtcp(compound);
    }

    ParticipantSnapshot snapshot() {
        List<TrackSnapshot> tracks = new ArrayList<>();
        for (Publication publication : publicationsByMid.values()) {
            tracks.add(publication.snapshot());
        }
        List<SubscriptionSnapshot> subs = new ArrayList<>();
        for (Subscription subscription : subscriptionsByMid.values()) {
            subs.add(subscription.snapshot());
        }
        String state = left ? "left" : transport != null && transport.isConnected() ? "connected"
                : negotiated ? "connecting" : "joined";
        String address = transport == null || transport.remoteAddress() == null ? null
                : transport.remoteAddress().toString();
        return new ParticipantSnapshot(id, name, state, address, tracks, subs, identity, metadata, permissions);
    }

    // ---- what the backend said about this participant (JoinOptions) ----

    private String identity = "";
    private String metadata = "";
    private ParticipantPermissions permissions = ParticipantPermissions.all();

    void applyJoinOptions(JoinOptions options) {
        identity = options.identity();
        metadata = options.metadata();
        permissions = options.permissions();
    }

    public ParticipantPermissions permissions() {
        return permissions;
    }

    void setMetadata(String value) {
        metadata = value == null ? "" : value;
    }
}
