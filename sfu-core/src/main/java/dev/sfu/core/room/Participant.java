package dev.sfu.core.room;

import dev.sfu.core.model.JoinOptions;
import dev.sfu.core.model.ParticipantObserver;
import dev.sfu.core.model.ParticipantPermissions;
import dev.sfu.core.model.ParticipantSnapshot;
import dev.sfu.core.model.ParticipantStats;
import dev.sfu.core.model.SubscriptionSnapshot;
import dev.sfu.core.model.TrackSnapshot;
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
import dev.sfu.core.rtp.RtpPacket;
import dev.sfu.core.rtx.UpstreamRecovery;
import dev.sfu.core.transport.DropCounters;
import dev.sfu.core.transport.DropReason;
import dev.sfu.core.transport.ParticipantTransport;
import dev.sfu.core.transport.RtpOutput;
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
    /** Bandwidth set aside per received audio track before video is allocated. */
    static final long AUDIO_RESERVE_BPS = 50_000;
    /** A receiver's estimate is not trusted in its first seconds, while it is still learning the link. */
    static final long ESTIMATE_WARMUP_NANOS = 5_000_000_000L;
    /** How long after the last sign of congestion its estimate keeps capping the layers. */
    static final long CONGESTION_HOLD_NANOS = 8_000_000_000L;
    private static final int CONGESTED_REPORTS = 3;
    private final String id;
    private final String name;
    private final Room room;
    private final ParticipantObserver observer;
    private final RoomContext context;
    private final ParticipantListener listener;
    private final DropCounters drops;
    private final long rtcpSsrc = ThreadLocalRandom.current().nextLong(1, 1L << 32);
    private final long sessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    private final String cname = "sfu-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    private ParticipantTransport transport;
    private RtpSender sender;
    private final PublisherFeedback publisherFeedback = new PublisherFeedback(rtcpSsrc);
    private final DownlinkEstimator downlink;
    private final Map<String, Publication> publicationsByMid = new LinkedHashMap<>();
    private final Map<String, Subscription> subscriptionsByMid = new LinkedHashMap<>();
    /** Publications in an array-backed list so the per-packet SSRC lookup allocates nothing. */
    private final List<Publication> publications = new ArrayList<>();
    private int midExtensionId = -1;
    private int ridExtensionId = -1;
    private int repairedRidExtensionId = -1;
    private long estimateBps = -1;
    private int congestedReports;
    private long lastCongestionNanos = Long.MIN_VALUE / 2;
    private long connectedNanos = Long.MAX_VALUE / 2;
    private long rateWindowStartNanos;
    private long rateWindowStartBytes;
    private long sendRateBps;
    private boolean negotiated;
    /** When the first answer went out: ICE must connect within the consent timeout from then on. */
    private long firstAnswerNanos = Long.MIN_VALUE;
    private int firSequence;
    private boolean left;

    private final ParticipantReports reports;

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
        this.reports = new ParticipantReports(this, rtcpSsrc, context.counters());
    }

    void attachTransport(ParticipantTransport transport) {
        this.transport = transport;
        this.sender = new RtpSender(transport, downlink);
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

    long sessionId() {
        return sessionId;
    }

    String cname() {
        return cname;
    }

    boolean negotiated() {
        return negotiated;
    }

    /** Notes an answer sent at {@code nanos}; only the first one counts. */
    void answered(long nanos) {
        if (firstAnswerNanos == Long.MIN_VALUE) {
            firstAnswerNanos = nanos;
        }
    }

    /** When the first answer went out ({@code Long.MIN_VALUE}: none yet). */
    long firstAnswerNanos() {
        return firstAnswerNanos;
    }

    void markNegotiated(int midExtension, int ridExtension, int repairedRidExtension, int transportCcExtension) {
        negotiated = true;
        publisherFeedback.extensionId(transportCcExtension);
        midExtensionId = midExtension;
        ridExtensionId = ridExtension;
        repairedRidExtensionId = repairedRidExtension;
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
        connectedNanos = context.clock().nanos();
        for (Subscription subscription : subscriptionsByMid.values()) {
            subscription.activate();
        }
        for (Publication publication : publications) {
            for (int layer = 0; layer < publication.layerCount(); layer++) {
                publication.requestKeyframe(layer);
            }
        }
    }

    @Override
    public void onRtp(ByteBuf packet) {
        if (RtpPacket.headerLength(packet) < 0) {
            drops.count(DropReason.MALFORMED_RTP);
            return;
        }
        publisherFeedback.onRtp(packet, context.clock().nanos());
        long ssrc = RtpPacket.ssrc(packet);
        for (int i = 0, n = publications.size(); i < n; i++) {
            Publication publication = publications.get(i);
            Layer layer = publication.layerBySsrc(ssrc);
            if (layer != null) {
                publication.onRtp(layer, packet);
                return;
            }
            Layer repairs = publication.layerByRtxSsrc(ssrc);
            if (repairs != null) {
                onRtx(publication, repairs, packet);
                return;
            }
        }
        bindUnknownSsrc(packet, ssrc);
    }

    private void onRtx(Publication publication, Layer layer, ByteBuf packet) {
        if (publication.onRtx(layer, packet)) {
            context.counters().countRepaired();
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
    private void bindUnknownSsrc(ByteBuf packet, long ssrc) {
        String mid = extensionText(packet, midExtensionId);
        Publication publication = mid == null ? null : publicationsByMid.get(mid);
        if (publication == null) {
            drops.count(DropReason.UNKNOWN_SSRC);
            return;
        }
        String rid = extensionText(packet, ridExtensionId);
        if (rid != null) {
            Layer layer = publication.layerByRid(rid);
            if (layer != null && layer.ssrc() < 0) {
                layer.bindSsrc(ssrc);
                publication.onRtp(layer, packet);
                listener.layersChanged(this);
                return;
            }
        }
        String repairedRid = extensionText(packet, repairedRidExtensionId);
        if (repairedRid != null) {
            Layer layer = publication.layerByRid(repairedRid);
            if (layer != null && layer.rtxSsrc() < 0) {
                layer.bindRtxSsrc(ssrc);
                onRtx(publication, layer, packet);
            } else {
                drops.count(DropReason.RTX_UNUSED);
            }
            return;
        }
        Layer single = publication.unboundSingleLayer();
        if (single != null) {
            single.bindSsrc(ssrc);
            publication.onRtp(single, packet);
            return;
        }
        drops.count(DropReason.UNKNOWN_SSRC);
    }

    private static String extensionText(ByteBuf packet, int id) {
        if (id < 0) {
            return null;
        }
        long extension = RtpPacket.findExtension(packet, id);
        if (extension < 0) {
            return null;
        }
        return packet.toString(RtpPacket.extensionOffset(extension), RtpPacket.extensionLength(extension),
                StandardCharsets.US_ASCII);
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
        long now = context.clock().nanos();
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
                onTransportFeedback(feedback);
            } else if (rtcp instanceof SenderReport sr) {
                reports.onSenderReport(sr, now);
            } else if (rtcp instanceof ReceiverReport rr) {
                reports.onReceiverReport(rr, now);
            } else if (rtcp instanceof ReceiverEstimatedMaxBitrate remb) {
                downlink.onRemb(remb.bitrateBps());
                onBandwidthEstimate(remb.bitrateBps());
            } else if (rtcp instanceof TransportLayerNack nack) {
                context.counters().countNacksReceived(nack.lostSequenceNumbers().size());
                Subscription subscription = subscriptionBySsrc(nack.mediaSsrc());
                if (subscription != null) {
                    subscription.onNack(nack.lostSequenceNumbers());
                }
            }
        }
    }

    /** The subscription sending with this SSRC, or null. */
    private Subscription subscriptionBySsrc(long outgoingSsrc) {
        for (Subscription subscription : subscriptionsByMid.values()) {
            if (subscription.ssrc() == outgoingSsrc) {
                return subscription;
            }
        }
        return null;
    }

    /** Lets the caches of what this participant publishes release packets that aged out (one-second tick). */
    void expireRetransmissions() {
        for (int i = 0, n = publications.size(); i < n; i++) {
            publications.get(i).expireRetransmissions();
        }
    }

    private void requestKeyframeFor(long outgoingSsrc) {
        Subscription subscription = subscriptionBySsrc(outgoingSsrc);
        if (subscription != null) {
            int layer = subscription.currentLayer() >= 0 ? subscription.currentLayer() : subscription.targetLayer();
            subscription.publication().requestKeyframe(layer);
        }
    }

    /** The receiver's transport-cc feedback on what we sent it: the send-side estimate learns from it. */
    private void onTransportFeedback(TransportWideFeedback feedback) {
        if (downlink.onFeedback(feedback)) {
            allocateLayers(); // a probe showed room for more: step up now, not at the next tick
        }
    }

    /**
     * The fallback for receivers without transport-cc: their own estimate of their downlink (REMB). A
     * receive-side estimate only grows to about 1.5x what it receives, so it cannot say how much more would
     * fit; what it can say is that the link is congested: an estimate below what we send. So it caps the
     * allocation while the link is congested and for a hold time after, and otherwise the receiver gets
     * what it asked for (stepping up is then tried again; if that congests the link, the cap returns).
     */
    void onBandwidthEstimate(long bps) {
        long now = context.clock().nanos();
        estimateBps = bps;
        context.counters().recordEstimate(bps);
        long sending = videoSendRateBps(now);
        if (now - connectedNanos < ESTIMATE_WARMUP_NANOS || sending <= 0) {
            return;
        }
        // Clearly below what we send, several reports in a row: a receive-side estimate is noisy (it also
        // measures the receiver's own CPU), and a false alarm costs the receiver its quality for a while.
        if (bps * 4 < sending * 3) {
            if (++congestedReports >= CONGESTED_REPORTS) {
                lastCongestionNanos = now;
                allocateLayers();
            }
        } else {
            congestedReports = 0;
        }
    }

    long bandwidthEstimateBps() {
        return downlink.active() ? downlink.estimateBps() : estimateBps;
    }

    /**
     * The budget for the allocator: the send-side estimate when the receiver sends transport-cc feedback;
     * else (REMB) the estimate while congestion is recent, else none (-1).
     */
    private long allocationBudget(long now) {
        if (downlink.active()) {
            return downlink.estimateBps();
        }
        return estimateBps >= 0 && now - lastCongestionNanos < CONGESTION_HOLD_NANOS ? estimateBps : -1;
    }

    /** Video bits per second sent to this receiver over the last measured window. */
    private long videoSendRateBps(long now) {
        long bytes = 0;
        for (Subscription subscription : subscriptionsByMid.values()) {
            if (subscription.publication().kind() == TrackKind.VIDEO) {
                bytes += subscription.bytesSent();
            }
        }
        long elapsed = now - rateWindowStartNanos;
        if (elapsed >= 1_000_000_000L) {
            sendRateBps = Math.max(0, bytes - rateWindowStartBytes) * 8 * 1_000_000_000L / elapsed;
            rateWindowStartNanos = now;
            rateWindowStartBytes = bytes;
        }
        return sendRateBps;
    }

    /** Runs {@link LayerAllocator} over this receiver's video subscriptions and applies the targets. */
    void allocateLayers() {
        long now = context.clock().nanos();
        // Keep the send-rate window moving (this runs every 500 ms): measured only when a REMB arrived, the
        // first reports after a quiet spell compared against a rate averaged since the clock's origin or the
        // last report, and were ignored for a second.
        videoSendRateBps(now);
        List<Subscription> video = new ArrayList<>();
        long audioReserve = 0;
        for (Subscription subscription : subscriptionsByMid.values()) {
            if (subscription.publication().kind() == TrackKind.VIDEO) {
                video.add(subscription);
            } else {
                audioReserve += AUDIO_RESERVE_BPS;
            }
        }
        LayerAllocator.Candidate[] candidates = new LayerAllocator.Candidate[video.size()];
        for (int i = 0; i < candidates.length; i++) {
            candidates[i] = candidate(video.get(i), now);
        }
        long estimate = allocationBudget(now);
        long budget = estimate < 0 ? -1 : Math.max(0, estimate - audioReserve);
        LayerAllocator.Decision[] decisions = LayerAllocator.allocate(candidates, budget);
        for (int i = 0; i < decisions.length; i++) {
            Subscription subscription = video.get(i);
            subscription.setTarget(decisions[i].layer(), decisions[i].temporalLayer(),
                    LayerAllocator.holdsStepUps(candidates[i], subscription.targetLayer(), decisions[i]), now);
        }
        if (downlink.active()) {
            context.counters().recordEstimate(downlink.estimateBps());
            StepUp.request(downlink, candidates, decisions, audioReserve, sendRateBps);
        }
    }

    private static LayerAllocator.Candidate candidate(Subscription subscription, long now) {
        Publication publication = subscription.publication();
        int layers = publication.layerCount();
        long[] rates = new long[layers];
        int[] widths = new int[layers];
        int[] heights = new int[layers];
        for (int l = 0; l < layers; l++) {
            Layer layer = publication.layer(l);
            if (layer.isActive(now)) {
                long measured = layer.bitrateBps(now);
                rates[l] = measured > 0 ? measured : nominalRate(l, layers);
            }
            widths[l] = layer.width();
            heights[l] = layer.height();
        }
        var preferences = subscription.preferences();
        int ceiling = LayerAllocator.ceiling(preferences.maxLayer(), preferences.maxWidth(), preferences.maxHeight(),
                preferences.paused(), widths, heights, rates);
        boolean recentlyDown = now - subscription.lastDownSwitchNanos() < LayerAllocator.UP_HOLD_NANOS;
        return new LayerAllocator.Candidate(preferences.priority(), ceiling, rates, subscription.currentLayer(),
                recentlyDown, preferences.maxTemporalLayer());
    }

    /** What a layer that just started is assumed to cost until its rate is measured. */
    private static long nominalRate(int layer, int layers) {
        long[] typical = {150_000, 500_000, 1_500_000};
        return layers == 1 ? 1_000_000 : typical[Math.min(2, layer + 3 - layers)];
    }

    @Override
    public void onTransportFailed(String reason) {
        listener.transportFailed(this, reason);
    }

    // ---- RTCP this participant is sent ----

    /**
     * Loss recovery toward this participant as publisher (every ~20 ms): for each video layer some receiver is
     * on, NACKs what it is missing (RFC 4585 §6.2.1, one NACK per layer), and asks for a keyframe when repair
     * failed.
     */
    void requestRepairs() {
        if (transport == null || !transport.isConnected()) {
            return;
        }
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
                    context.counters().countNacksSent(lost.size());
                    sendRtcp(List.of(new ReceiverReport(rtcpSsrc, List.of()),
                            new TransportLayerNack(rtcpSsrc, mediaSsrc, lost)));
                }
                if (keyframe) {
                    context.counters().countRepairFailed();
                    publication.requestKeyframe(l);
                }
            }
        }
    }

    /** transport-cc feedback on what this participant sent us since the last call (the 20 ms tick, every 60 ms). */
    void sendTransportFeedback() {
        if (!publisherFeedback.enabled() || transport == null || !transport.isConnected()) {
            return;
        }
        List<TransportWideFeedback> feedback = publisherFeedback.drain();
        if (!feedback.isEmpty()) {
            sendRtcp(new ArrayList<>(feedback));
        }
    }

    /** While a probe runs, its padding: padding-only packets on this receiver's video subscriptions. */
    void sendProbePadding() {
        int bytes = downlink.probePaddingBytes();
        if (bytes <= 0) {
            return;
        }
        for (Subscription subscription : subscriptionsByMid.values()) {
            if (subscription.publication().kind() == TrackKind.VIDEO) {
                int sent = subscription.sendPadding(bytes);
                downlink.probeSent(sent);
                bytes -= sent;
                if (bytes <= 0) {
                    return;
                }
            }
        }
    }

    private static boolean isForwarded(Publication publication, int layer) {
        List<Subscription> subscriptions = publication.subscriptions();
        for (int i = 0, n = subscriptions.size(); i < n; i++) {
            if (subscriptions.get(i).currentLayer() == layer) {
                return true;
            }
        }
        return false;
    }

    /**
     * A round trip time measured to this participant (its report block on one of our SRs). All its streams share
     * one transport, so it is also the RTT to it as publisher: it paces the downlink estimate and the NACKs
     * sent upstream for what it publishes.
     */
    void onRtt(long rttNanos) {
        downlink.onRtt(rttNanos);
        for (int i = 0, n = publications.size(); i < n; i++) {
            publications.get(i).upstreamRtt(rttNanos);
        }
    }

    /** Asks this participant (as publisher) for a keyframe of the stream with this SSRC: PLI, or FIR. */
    void sendKeyframeRequest(long mediaSsrc, boolean fullIntraRequest) {
        if (mediaSsrc < 0) {
            return;
        }
        context.counters().countPliSent();
        RtcpPacket request = fullIntraRequest
                ? new FullIntraRequest(rtcpSsrc, List.of(new FullIntraRequest.Entry(mediaSsrc, firSequence++ & 0xFF)))
                : new PictureLossIndication(rtcpSsrc, mediaSsrc);
        sendRtcp(List.of(new ReceiverReport(rtcpSsrc, List.of()), request));
    }

    /**
     * The report interval's RTCP ({@link ParticipantReports}): SRs for what it receives from us, RRs for what
     * it publishes, our CNAME, and a REMB hint so its browser raises the bitrate (a cap for a browser without
     * transport-cc; with it, {@link #sendTransportFeedback} drives its estimate).
     */
    void sendReports(long bitrateHintBps) {
        if (transport == null || !transport.isConnected()) {
            return;
        }
        for (List<RtcpPacket> compound : reports.reports(context.clock().nanos(), bitrateHintBps)) {
            sendRtcp(compound);
        }
    }

    ParticipantStats stats() {
        return reports.stats(context.clock().nanos());
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
        long now = context.clock().nanos();
        return new ParticipantSnapshot(id, name, state, address, tracks, subs, identity, metadata, permissions,
                bandwidthEstimateBps(), !downlink.active() && allocationBudget(now) >= 0, downlink.snapshot());
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

    /** The backend's id of the user (the join token's subject); empty when it joined without one. */
    String identity() {
        return identity;
    }

    void setMetadata(String value) {
        metadata = value == null ? "" : value;
    }
}
