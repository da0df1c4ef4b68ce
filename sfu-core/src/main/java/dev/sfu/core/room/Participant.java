package dev.sfu.core.room;

import dev.sfu.core.model.DataLimits;
import dev.sfu.core.model.ParticipantObserver;
import dev.sfu.core.model.ParticipantPermissions;
import dev.sfu.core.model.ParticipantStats;
import dev.sfu.core.transport.DropCounters;
import dev.sfu.core.transport.DropReason;
import dev.sfu.core.transport.ParticipantTransport;
import dev.sfu.core.transport.RtpOutput;
import io.netty.buffer.ByteBuf;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A participant of a room: who it is (id, name; what the backend said in its {@link ParticipantProfile}), its
 * signaling session ({@link NegotiationState}), its transport, the tracks it
 * publishes ({@link Publication}s) and the tracks it receives ({@link Subscription}s). The work is done by its
 * parts, each with one job:
 *
 * <pre>
 *   transport  -> onRtp  -> {@link PublisherFeedback} (transport-cc arrival times), {@link IncomingRtpRouter}
 *                           (SSRC demux to its publications' layers)
 *              -> onRtcp -> {@link RtcpDispatcher} -> {@link ParticipantReports}, {@link DownlinkEstimator},
 *                           {@link ReceiverAllocation}, a subscription's NACKs, a publication's keyframes
 *   timers     -> {@link ReceiverAllocation} (layers, probe padding), {@link UpstreamRepair} (NACK, PLI/FIR),
 *                 {@link RtcpSender} (transport-cc feedback; {@link ParticipantReports}: SR/RR/SDES/REMB)
 *   its subscriptions send through its {@link RtpSender}
 * </pre>
 *
 * <p>It talks up only through its {@link ParticipantListener} (the registry) and reads what the loop shares from
 * its {@link RoomContext}. Confined to the room's event loop.
 */
public final class Participant implements ParticipantTransport.Listener {
    private final String id;
    private final String name;
    private final Room room;
    private final ParticipantObserver observer;
    private final RoomContext context;
    private final ParticipantListener listener;
    private final DropCounters drops;
    private final long rtcpSsrc = ThreadLocalRandom.current().nextLong(1, 1L << 32);
    private final NegotiationState negotiation = new NegotiationState();
    private final ParticipantProfile profile = new ParticipantProfile();
    private ParticipantTransport transport;
    private RtpSender sender;
    private final PublisherFeedback publisherFeedback = new PublisherFeedback(rtcpSsrc);
    private final DownlinkEstimator downlink;
    private final Map<String, Publication> publicationsByMid = new LinkedHashMap<>();
    private final Map<String, Subscription> subscriptionsByMid = new LinkedHashMap<>();
    private final IncomingRtpRouter rtpRouter;
    /** The packet being routed, copied and parsed once: reused for every packet this participant sends us. */
    private final SourcePacket incoming = new SourcePacket();
    private final ReceiverAllocation allocation;
    private final UpstreamRepair upstreamRepair;
    private final ParticipantReports reports;
    private final RtcpDispatcher rtcpDispatcher;
    private final RtcpSender rtcpSender;
    private boolean left;
    /** Its data channels; null until an offer with m=application was accepted. */
    private ParticipantData data;

    /**
     * @param room the room it joins (its name and the others in it); the routing needs only {@code context}
     * @param listener its parent, told when its layers change or its transport fails
     */
    Participant(String id, String name, Room room, ParticipantObserver observer, RoomContext context,
            ParticipantListener listener) {
        this.id = id;
        this.name = name;
        this.room = room;
        this.observer = observer;
        this.context = context;
        this.listener = listener;
        this.drops = context.drops();
        this.downlink = new DownlinkEstimator(context.clock());
        this.rtpRouter = new IncomingRtpRouter(context, publicationsByMid, () -> listener.layersChanged(this));
        this.allocation = new ReceiverAllocation(context, downlink, subscriptionsByMid.values());
        this.reports = new ParticipantReports(this, rtcpSsrc, context.counters());
        this.rtcpSender = new RtcpSender(context.clock(), publisherFeedback, reports);
        this.upstreamRepair = new UpstreamRepair(context, rtcpSsrc, rtpRouter.publications(), rtcpSender::send);
        this.rtcpDispatcher = new RtcpDispatcher(context, reports, downlink, allocation, subscriptionsByMid.values());
    }

    void attachTransport(ParticipantTransport transport) {
        this.transport = transport;
        this.sender = new RtpSender(transport, downlink);
        this.rtcpSender.attach(transport);
    }

    /** Sends this receiver's RTP to {@code output} without a transport (unit tests: a recording sink). */
    void attachOutput(RtpOutput output) {
        this.sender = new RtpSender(output, downlink);
    }

    /** The one way its subscriptions' RTP goes out. */
    RtpSender sender() {
        return sender;
    }

    RoomContext context() {
        return context;
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

    /** The send-side estimate toward this receiver; its {@code stamp} is the send path's transport-cc hook. */
    DownlinkEstimator downlink() {
        return downlink;
    }

    /** Its signaling session: SDP session id, CNAME, whether an offer was applied, the first answer's time. */
    NegotiationState negotiation() {
        return negotiation;
    }

    /** What the backend said about it: identity, metadata, permissions. */
    ParticipantProfile profile() {
        return profile;
    }

    /** An offer was applied, with these extension ids (-1: not negotiated) for what it publishes. */
    void markNegotiated(int midExtension, int ridExtension, int repairedRidExtension, int transportCcExtension) {
        negotiation.markNegotiated();
        publisherFeedback.extensionId(transportCcExtension);
        rtpRouter.extensionIds(midExtension, ridExtension, repairedRidExtension);
    }

    boolean hasLeft() {
        return left;
    }

    void markLeft() {
        left = true;
        if (data != null) {
            data.close();
        }
    }

    Publication publicationByMid(String mid) {
        return publicationsByMid.get(mid);
    }

    Collection<Publication> publications() {
        return publicationsByMid.values();
    }

    void addPublication(Publication publication) {
        publicationsByMid.put(publication.mid(), publication);
        rtpRouter.add(publication);
    }

    void removePublication(Publication publication) {
        publicationsByMid.remove(publication.mid(), publication);
        rtpRouter.remove(publication);
    }

    Subscription subscriptionByTrack(String trackId) {
        for (Subscription subscription : subscriptionsByMid.values()) {
            if (subscription.publication().id().equals(trackId)) {
                return subscription;
            }
        }
        return null;
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

    /** Removes (and closes) a subscription of this receiver; the caller detaches it from its publication. */
    void removeSubscription(Subscription subscription) {
        subscriptionsByMid.remove(subscription.mid(), subscription);
        subscription.close();
    }

    // ---- transport events (event loop) ----

    @Override
    public void onTransportConnected() {
        allocation.connected(context.clock().nanos());
        for (Subscription subscription : subscriptionsByMid.values()) {
            subscription.activate();
        }
        for (Publication publication : publicationsByMid.values()) {
            for (int layer = 0; layer < publication.layerCount(); layer++) {
                publication.requestKeyframe(layer);
            }
        }
    }

    @Override
    public void onRtp(ByteBuf packet) {
        // Parsed once here (header; VP8 fields once the track is known): everything downstream reads the fields.
        if (!incoming.load(packet)) {
            drops.count(DropReason.MALFORMED_RTP);
            return;
        }
        publisherFeedback.onRtp(incoming, context.clock().nanos());
        rtpRouter.route(incoming);
    }

    @Override
    public void onRtcp(ByteBuf packet) {
        rtcpDispatcher.onRtcp(packet);
    }

    /** Lets the caches of what this participant publishes release packets that aged out (one-second tick). */
    void expireRetransmissions() {
        for (Publication publication : publicationsByMid.values()) {
            publication.expireRetransmissions();
        }
    }

    /** The RTCP to this participant: the timers' transport-cc feedback and reports go out through it. */
    RtcpSender rtcp() {
        return rtcpSender;
    }

    /** The layer allocation of what this participant receives ({@link ReceiverAllocation}). */
    void allocateLayers() {
        allocation.allocate();
    }

    long bandwidthEstimateBps() {
        return allocation.bandwidthEstimateBps();
    }

    /** Whether a receiver's REMB caps its estimate now ({@link ReceiverAllocation}). */
    boolean rembCapping(long nowNanos) {
        return allocation.rembCapping(nowNanos);
    }

    /** Data channels are on (an offer had m=application); later offers keep them. */
    void enableData(DataLimits limits, long remoteMaxMessageSize) {
        if (data == null) {
            data = new ParticipantData(this, room.data(), context, limits, remoteMaxMessageSize);
        }
    }

    /** Its data channels, or null when it never offered m=application. */
    ParticipantData data() {
        return data;
    }

    @Override
    public void onApplicationData(byte[] record) {
        if (data != null) {
            data.onPacket(transport, record);
        } else {
            drops.count(DropReason.UNEXPECTED_DTLS_DATA);
        }
    }

    @Override
    public void onTransportFailed(String reason) {
        listener.transportFailed(this, reason);
    }

    // ---- RTCP this participant is sent ----

    /** Loss recovery toward this participant as publisher (every ~20 ms): {@link UpstreamRepair}. */
    void requestRepairs() {
        if (!rtcpSender.connected()) {
            return;
        }
        upstreamRepair.requestRepairs();
    }

    /** While a probe runs, its padding on this receiver's video subscriptions. */
    void sendProbePadding() {
        allocation.sendProbePadding();
    }

    /**
     * A round trip time measured to this participant (its report block on one of our SRs). All its streams share
     * one transport, so it is also the RTT to it as publisher: it paces the downlink estimate and the NACKs
     * sent upstream for what it publishes.
     */
    void onRtt(long rttNanos) {
        downlink.onRtt(rttNanos);
        for (Publication publication : publicationsByMid.values()) {
            publication.upstreamRtt(rttNanos);
        }
    }

    /** Asks this participant (as publisher) for a keyframe of the stream with this SSRC: PLI, or FIR. */
    void sendKeyframeRequest(long mediaSsrc, boolean fullIntraRequest) {
        upstreamRepair.requestKeyframe(mediaSsrc, fullIntraRequest);
    }

    ParticipantStats stats() {
        return reports.stats(context.clock().nanos());
    }

    public ParticipantPermissions permissions() {
        return profile.permissions();
    }
}
