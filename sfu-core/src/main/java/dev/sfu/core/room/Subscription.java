package dev.sfu.core.room;

import dev.sfu.core.model.TrackPreferences;
import dev.sfu.core.rtcp.SenderReport;
import dev.sfu.core.rtp.H264Payload;
import dev.sfu.core.rtx.RetransmissionCache;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One receiver's copy of one published track: the layer it gets ({@link LayerSelection}: it keeps forwarding the
 * current layer until a keyframe of the target layer arrives, then switches there, and {@link StreamRewriter}
 * keeps the receiver's stream continuous; when the target layer's last keyframe is recent,
 * {@link CachedKeyframeStart} starts it from there at once instead) and the send path.
 *
 * <p>Its parts: {@link LayerSelection}, {@link ReceiverFormat} (SSRC, payload type, extensions: how a packet is
 * written for this receiver), {@link StreamRewriter} (sequence numbers, timestamps, VP8 picture ids),
 * {@link Retransmitter} (video: the receiver's NACKs), {@link SubscriptionReports} (its SRs), and the receiver's
 * {@link RtpSender}, the one way its packets go out.
 *
 * <p>Confined to the room's event loop. {@link #forward} is the hot path: array work, no allocation.
 */
final class Subscription {
    private final RoomContext context;
    private final Participant receiver;
    private final RtpSender sender;
    private final Publication publication;
    private final String mid;
    private final ReceiverFormat format;
    private final StreamRewriter rewriter;
    private final CachedKeyframeStart cachedStart;
    /** Video only (null for audio): what was sent, for NACKs. */
    private final Retransmitter retransmitter;
    private final SubscriptionReports reports;
    private final InsertedPackets inserted;
    private final LayerSelection layers;
    private TrackPreferences preferences = TrackPreferences.DEFAULT;
    private boolean closed;

    /**
     * @param format how this receiver gets the track (its SSRC, payload type and extension ids)
     */
    Subscription(RoomContext context, Participant receiver, Publication publication, String mid,
            ReceiverFormat format) {
        this.context = context;
        this.receiver = receiver;
        this.sender = receiver.sender();
        this.publication = publication;
        this.mid = mid;
        this.format = format;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        this.rewriter = new StreamRewriter(random.nextInt(1 << 15), random.nextLong(1L << 31), publication.clockRate());
        boolean video = publication.kind() == TrackKind.VIDEO;
        this.retransmitter = video ? new Retransmitter(context, publication, format, sender) : null;
        this.cachedStart = new CachedKeyframeStart(context, this, publication);
        this.reports = new SubscriptionReports(format.ssrc(), publication.clockRate(), context.ntpClock());
        this.inserted = new InsertedPackets(format, rewriter, sender);
        this.layers = new LayerSelection(publication, sender, cachedStart, context.drops(), context.clock().nanos());
    }

    Participant receiver() {
        return receiver;
    }

    Publication publication() {
        return publication;
    }

    String mid() {
        return mid;
    }

    /** Which layer this receiver gets, wants and may get: read and set by allocation, reports and snapshots. */
    LayerSelection layers() {
        return layers;
    }

    long ssrc() {
        return format.ssrc();
    }

    TrackPreferences preferences() {
        return preferences;
    }

    void setPreferences(TrackPreferences preferences) {
        this.preferences = preferences;
    }

    boolean closed() {
        return closed;
    }

    boolean receiverConnected() {
        return sender.connected();
    }

    /** Called when the receiver's transport connects or the subscription is created on a connected one. */
    void activate() {
        layers.activate(context.clock().nanos());
    }

    /** The hot path: one packet of one layer of the publication, loaded once for all its subscriptions. */
    void forward(Layer layer, SourcePacket source, boolean keyframeStart, long nowNanos) {
        if (!sender.connected()) {
            return;
        }
        int layerIndex = layer.index();
        if (layerIndex != layers.current()) {
            if (!layers.mayStart(layerIndex, keyframeStart, nowNanos)) {
                return;
            }
            switchTo(layer, source, false, nowNanos);
        }
        send(layer, source, nowNanos);
    }

    /**
     * A packet the publisher lost and resent (repaired from its RTX stream), older than what came since. Sent
     * only while this subscription is on its layer and in the segment it belongs to: {@link StreamRewriter}
     * maps it to the outgoing sequence number it would have had, so the receiver sees it fill its gap.
     */
    void forwardRepaired(Layer layer, SourcePacket source, long nowNanos) {
        if (layer.index() != layers.current() || !sender.connected()) {
            return;
        }
        send(layer, source, nowNanos);
    }

    /** {@link CachedKeyframeStart}: switches to {@code layer} at its cached keyframe, loaded in {@code keyframe}. */
    void startReplay(Layer layer, SourcePacket keyframe, long nowNanos) {
        switchTo(layer, keyframe, true, nowNanos);
    }

    /** {@link CachedKeyframeStart}: one packet of the replay (the keyframe's, then the catch-up). */
    void sendReplayed(Layer layer, SourcePacket source, long nowNanos) {
        send(layer, source, nowNanos);
    }

    /** {@link CachedKeyframeStart}: the replay is over; live packets follow. */
    void endReplay() {
        rewriter.endReplay();
    }

    private void send(Layer layer, SourcePacket source, long nowNanos) {
        int inSeq = source.sequence();
        if (!rewriter.accepts(inSeq)) {
            return;
        }
        int pictureId = source.pictureId();
        int maxTemporalLayer = layers.maxTemporalLayer();
        if (maxTemporalLayer >= 0 && source.temporalLayer() > maxTemporalLayer) {
            rewriter.drop(inSeq, pictureId);
            return;
        }
        int outSeq = rewriter.sequence(inSeq);
        long outTimestamp = rewriter.timestamp(source.timestamp());
        int outPictureId = pictureId >= 0 ? rewriter.pictureId(pictureId) : -1;
        int outTl0 = source.tl0PicIdx() >= 0 ? rewriter.tl0PicIdx(source.tl0PicIdx()) : -1;
        // Built in the loop's scratch array, protected there, and copied once into the datagram.
        byte[] out = sender.scratch(source.maxCopyLength());
        int length = format.write(source, out, outSeq, outTimestamp, outPictureId, outTl0, nowNanos);
        rewriter.sent(outSeq, outTimestamp, outPictureId, outTl0, nowNanos);
        reports.onSent(outTimestamp, source.payloadLength(), length, nowNanos);
        sender.sendScratch(out, length, format.transportSequenceIndex(source));
        RetransmissionCache cache = layer.retransmissions();
        if (retransmitter != null && cache != null) {
            retransmitter.onForwarded(outSeq, outTimestamp, cache, inSeq, outPictureId, outTl0);
        }
    }

    /**
     * The receiver's generic NACK (RFC 4585 §6.2.1) for this subscription's SSRC: resends what is still
     * cached, at most once per RTT per packet. Returns the number of packets resent.
     */
    int onNack(List<Integer> lostSequenceNumbers) {
        reports.onNack(lostSequenceNumbers.size());
        if (retransmitter == null || !sender.connected()) {
            return 0;
        }
        return retransmitter.onNack(lostSequenceNumbers);
    }

    /**
     * The receiver negotiated RTX for this video track (RFC 4588): NACKed packets go out as RTX packets of
     * {@code rtxSsrc} (announced with a=ssrc-group:FID in the answer), with their own sequence numbers.
     */
    void enableRtx(long rtxSsrc, int rtxPayloadType) {
        if (retransmitter != null) {
            retransmitter.enableRtx(rtxSsrc, rtxPayloadType);
        }
    }

    /** The SSRC NACKed packets are resent with as RTX, or -1 when they are resent plainly. */
    long rtxSsrc() {
        return retransmitter == null ? -1 : retransmitter.rtxSsrc();
    }

    /**
     * Sends about {@code bytes} of probe padding ({@link InsertedPackets#padding}). Returns the bytes sent; 0 before
     * the first forwarded packet or when the receiver did not negotiate transport-cc for this stream.
     */
    int sendPadding(int bytes) {
        if (format.transportCcId() <= 0 || layers.current() < 0 || !sender.connected()) {
            return 0;
        }
        return inserted.padding(bytes, context.clock().nanos());
    }

    /** Forgets what was sent (the subscription is removed, or its publication went away). */
    void close() {
        closed = true;
        if (retransmitter != null) {
            retransmitter.clear();
        }
    }

    /** Its RTCP side: sender reports, the receiver's report blocks, feedback counters. */
    SubscriptionReports reports() {
        return reports;
    }

    /**
     * The receiver reported a round trip time (its report block on our SR): a NACKed packet is not resent twice
     * within it (100 ms until set).
     */
    void onRtt(long rttNanos) {
        if (retransmitter != null) {
            retransmitter.rtt(rttNanos);
        }
    }

    /** The SR of this stream for now; null before anything was sent. */
    SenderReport senderReport(long nowNanos) {
        if (!reports.hasSent()) {
            return null;
        }
        int current = layers.current();
        Layer forwarded = current >= 0 && current < publication.layerCount() ? publication.layer(current) : null;
        return reports.senderReport(nowNanos, forwarded, rewriter.timestampOffset());
    }

    /** Packets resent on the receiver's NACKs. */
    long retransmitted() {
        return retransmitter == null ? 0 : retransmitter.retransmitted();
    }

    /**
     * Makes {@code layer} the current one, its segment starting at {@code keyframe} (already parsed: sequence,
     * timestamp, VP8 picture id and TL0PICIDX are read from it, not from the buffer again).
     *
     * @param replay the keyframe is a cached one, sent at once with the frames after it
     */
    private void switchTo(Layer layer, SourcePacket keyframe, boolean replay, long nowNanos) {
        layers.switchedTo(layer.index(), nowNanos);
        if (replay) {
            rewriter.startReplay(keyframe.sequence(), keyframe.timestamp(), keyframe.pictureId(),
                    keyframe.tl0PicIdx(), nowNanos);
        } else {
            rewriter.startSegment(keyframe.sequence(), keyframe.timestamp(), keyframe.pictureId(),
                    keyframe.tl0PicIdx(), nowNanos);
        }
        H264ParameterSets parameterSets = layer.parameterSets();
        if (parameterSets != null && parameterSets.complete() && keyframe.payloadLength() > 0
                && !H264Payload.carriesSps(keyframe.buffer(),
                        keyframe.buffer().readerIndex() + keyframe.payloadOffset(), keyframe.payloadLength())) {
            reports.onInserted(inserted.parameterSets(parameterSets, keyframe.timestamp(), nowNanos));
        }
    }

    /** STAP-As of SPS/PPS sent before keyframes that lacked them. */
    long parameterSetsInserted() {
        return inserted.parameterSetsInserted();
    }

    /** Times this subscription started a layer from its cached keyframe instead of asking the publisher. */
    long keyframesFromCache() {
        return cachedStart.started();
    }
}
