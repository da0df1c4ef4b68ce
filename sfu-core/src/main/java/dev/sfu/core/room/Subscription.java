package dev.sfu.core.room;

import dev.sfu.core.model.SubscriptionSnapshot;
import dev.sfu.core.model.TrackPreferences;
import dev.sfu.core.rtp.AbsSendTime;
import dev.sfu.core.rtp.H264Payload;
import dev.sfu.core.rtp.PaddingPacket;
import dev.sfu.core.rtp.RtpPacket;
import dev.sfu.core.rtp.Vp8PayloadDescriptor;
import dev.sfu.core.rtx.NackResponder;
import dev.sfu.core.rtx.RetransmissionCache;
import dev.sfu.core.rtx.RtxPacketizer;
import dev.sfu.core.transport.DropCounters;
import dev.sfu.core.transport.DropReason;
import dev.sfu.core.transport.ParticipantTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One receiver's copy of one published track: the server-chosen SSRC and payload type it is sent with,
 * the layer it should get (the {@code target}, set by {@link LayerAllocator}) and the layer it gets now.
 * The per-packet code only reads the target: it keeps forwarding the current layer until a keyframe of the
 * target layer arrives, then switches there, and {@link StreamRewriter} keeps the receiver's stream
 * continuous. When the target layer's last keyframe is recent ({@link KeyframeCache}), the subscription starts
 * it from there at once instead (the keyframe and the packets after it, see {@link #startFromCachedKeyframe}).
 *
 * <p>A video subscription also answers its receiver's NACKs: each packet sent is recorded in a
 * {@link NackResponder} (outgoing sequence number and timestamp, the layer's {@link RetransmissionCache} and
 * the source sequence number, and here the VP8 picture id / TL0PICIDX it went out with), so a NACKed packet
 * is rebuilt from the cached source packet exactly as it was first sent, across layer switches and temporal
 * drops. Retransmissions are plain (same SSRC and payload type), or RTX packets ({@link RtxPacketizer}: OSN
 * in front of that payload, an SSRC and sequence of their own) when the receiver negotiated RTX.
 * Confined to the room's event loop.
 */
final class Subscription {
    private static final long KEYFRAME_ASK_INTERVAL_NANOS = 1_000_000_000L;
    /**
     * Outgoing packets remembered for NACKs: about 2 s of a 1.5 Mbps layer (~160 packets/s), in 16 KB per
     * subscription (the heap target is under 100 KB per subscription; 2048 entries took 64 KB).
     */
    private static final int NACK_HISTORY = 512;
    /** Padding per probe packet: libwebrtc's 224 bytes, about a fifth of a media packet. */
    private static final int PADDING_BYTES = 224;
    /** Padding packets per call (one 20 ms slice of a probe). */
    private static final int MAX_PADDING_PACKETS = 32;
    /**
     * At most this many packets after a cached keyframe are replayed with it (about 2 s of a 1.5 Mbps layer, the most the cache age allows);
     * well inside {@link #NACK_HISTORY}, so every replayed packet stays NACK-able.
     */
    static final int MAX_CATCH_UP_PACKETS = 384;
    /**
     * A new subscription (or one whose receiver just connected) starts from a cached keyframe only this long
     * after it was activated: its receiver must first have applied the answer that names the SSRC, and have
     * finished DTLS; a burst sent earlier would be dropped there. Switches of a running subscription replay
     * at once.
     */
    static final long CACHED_START_DELAY_NANOS = 100_000_000L;
    /**
     * A keyframe of the target layer that started arriving less than this long ago is waited for (checked
     * every {@link #ARRIVING_RECHECK_NANOS}) rather than asking the publisher for another one: a receiver
     * switching right after another one would otherwise cause a second keyframe.
     */
    static final long ARRIVING_WAIT_NANOS = 200_000_000L;
    static final long ARRIVING_RECHECK_NANOS = 20_000_000L;
    private final Participant receiver;
    private final Publication publication;
    private final String mid;
    private final long ssrc;
    private final int payloadType;
    private final int absSendTimeId;
    private final int transportCcId;
    private final StreamRewriter rewriter;
    private final DropCounters drops;
    private final long createdNanos;
    private TrackPreferences preferences = TrackPreferences.DEFAULT;
    private int targetLayer;
    private int currentLayer = -1;
    private int maxTemporalLayer = -1;
    private long lastDownSwitchNanos = Long.MIN_VALUE / 2;
    private long lastKeyframeAskNanos = Long.MIN_VALUE / 2;
    private long firstFrameNanos = -1;
    private long packets;
    private long bytes;
    private long switches;
    private long keyframesFromCache;
    private long parameterSetsInserted;
    private long cachedStartFromNanos = Long.MAX_VALUE;
    private boolean cachedStartPending;
    private boolean closed;
    /** Video only (null for audio): what was sent, for NACKs. */
    private final NackResponder nacks;
    /** Per outgoing sequence number (same ring index as {@link #nacks}): VP8 picture id | TL0PICIDX << 16, or -1. */
    private final int[] sentVp8;
    private final NackResponder.Sink resendSink = this::resend;
    /** Wraps resends as RTX when the receiver negotiated it, else null (plain retransmissions). */
    private RtxPacketizer rtx;
    private long retransmitted;
    private final SubscriptionReports reports;

    /**
     * @param absSendTimeId the receiver's id for abs-send-time, or 0 when it did not negotiate it
     * @param transportCcId the receiver's id for the transport-wide sequence number, or 0 when it did not
     *     negotiate it (then abs-send-time, for its REMB, is written instead)
     */
    Subscription(Participant receiver, Publication publication, String mid, long ssrc, int payloadType,
            int absSendTimeId, int transportCcId, DropCounters drops, long nowNanos) {
        this.receiver = receiver;
        this.publication = publication;
        this.mid = mid;
        this.ssrc = ssrc;
        this.payloadType = payloadType;
        this.absSendTimeId = absSendTimeId;
        this.transportCcId = transportCcId;
        this.drops = drops;
        this.createdNanos = nowNanos;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        this.rewriter = new StreamRewriter(random.nextInt(1 << 15), random.nextLong(1L << 31), publication.clockRate());
        // Until the allocator runs, start at the lowest layer: quick to arrive, cheap to send.
        this.targetLayer = 0;
        boolean video = publication.kind() == TrackKind.VIDEO;
        this.nacks = video ? new NackResponder(receiver.room().registry().clock(), NACK_HISTORY) : null;
        this.sentVp8 = video ? new int[NACK_HISTORY] : null;
        this.reports = new SubscriptionReports(ssrc, publication.clockRate(), receiver.room().registry().ntpClock());
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

    long ssrc() {
        return ssrc;
    }

    TrackPreferences preferences() {
        return preferences;
    }

    void setPreferences(TrackPreferences preferences) {
        this.preferences = preferences;
    }

    int targetLayer() {
        return targetLayer;
    }

    int currentLayer() {
        return currentLayer;
    }

    long lastDownSwitchNanos() {
        return lastDownSwitchNanos;
    }

    /**
     * Sets the layer this receiver should get (-1: nothing) and the highest temporal layer. A change starts the
     * new layer from its cached keyframe when that is fresh; otherwise it asks the publisher for a keyframe of
     * the new layer and the switch happens when it arrives.
     *
     * @param holdStepUps a step down the bandwidth forced: step-ups wait a while ({@link LayerAllocator#holdsStepUps})
     */
    void setTarget(int layer, int temporalLayer, boolean holdStepUps, long nowNanos) {
        maxTemporalLayer = temporalLayer;
        if (layer != targetLayer) {
            if (holdStepUps) {
                lastDownSwitchNanos = nowNanos;
            }
            targetLayer = layer;
            if (layer < 0) {
                currentLayer = -1;
            }
            lastKeyframeAskNanos = Long.MIN_VALUE / 2;
            if (layer >= 0 && layer != currentLayer) {
                startFromCacheSoon(nowNanos);
            }
        }
        // Still waiting for the target's keyframe (the request or the keyframe got lost, or came before the
        // receiver was connected): ask again now and then; the layer's governor merges and throttles.
        if (targetLayer >= 0 && targetLayer != currentLayer && receiver.transport().isConnected() && !cachedStartPending
                && nowNanos - lastKeyframeAskNanos >= KEYFRAME_ASK_INTERVAL_NANOS) {
            lastKeyframeAskNanos = nowNanos;
            publication.requestKeyframe(targetLayer);
        }
    }

    /** Called when the receiver's transport connects or the subscription is created on a connected one. */
    void activate() {
        long now = receiver.room().registry().clock().nanos();
        cachedStartFromNanos = now + CACHED_START_DELAY_NANOS;
        if (currentLayer != targetLayer && targetLayer >= 0 && !startFromCacheSoon(now)) {
            publication.requestKeyframe(targetLayer);
        }
    }

    /**
     * Starts the target layer from its cached keyframe now, or, for a subscription activated less than
     * {@link #CACHED_START_DELAY_NANOS} ago, schedules that for then (asking the publisher instead if the
     * cache cannot serve it by then). False when the cache cannot serve the target: the caller asks.
     */
    private boolean startFromCacheSoon(long nowNanos) {
        if (cachedStartPending) {
            return true;
        }
        long wait = cachedStartFromNanos - nowNanos;
        if (wait <= 0) {
            if (startFromCachedKeyframe(nowNanos)) {
                return true;
            }
            if (!keyframeArriving(nowNanos)) {
                return false;
            }
            wait = ARRIVING_RECHECK_NANOS;
        } else if (cachedKeyframe(nowNanos, receiver.room().registry().keyframeCacheMaxAgeNanos() - wait) == null
                && !keyframeArriving(nowNanos)) {
            return false;
        }
        cachedStartPending = true;
        receiver.room().registry().eventLoop().schedule(this::startFromCacheNow, wait, TimeUnit.NANOSECONDS);
        return true;
    }

    private void startFromCacheNow() {
        cachedStartPending = false;
        long now = receiver.room().registry().clock().nanos();
        if (closed || targetLayer < 0 || currentLayer == targetLayer || startFromCachedKeyframe(now)) {
            return;
        }
        if (keyframeArriving(now)) {
            cachedStartPending = true;
            receiver.room().registry().eventLoop().schedule(this::startFromCacheNow, ARRIVING_RECHECK_NANOS,
                    TimeUnit.NANOSECONDS);
            return;
        }
        lastKeyframeAskNanos = now;
        publication.requestKeyframe(targetLayer);
    }

    /** Whether the cache is collecting a keyframe of the target layer that started arriving just now. */
    private boolean keyframeArriving(long nowNanos) {
        if (receiver.room().registry().keyframeCacheMaxAgeNanos() <= 0 || targetLayer < 0
                || targetLayer >= publication.layerCount() || publication.muted()
                || !receiver.transport().isConnected()) {
            return false;
        }
        KeyframeCache keyframes = publication.layer(targetLayer).keyframeCache();
        return keyframes != null && keyframes.arriving(nowNanos, ARRIVING_WAIT_NANOS);
    }

    /** The target layer's cached keyframe when it is within {@code maxAgeNanos} and may start this receiver now. */
    private KeyframeCache.Frame cachedKeyframe(long nowNanos, long maxAgeNanos) {
        if (maxAgeNanos <= 0 || targetLayer < 0 || targetLayer >= publication.layerCount() || publication.muted()
                || !receiver.transport().isConnected()) {
            return null;
        }
        return publication.layer(targetLayer).replayableKeyframe(nowNanos, maxAgeNanos, MAX_CATCH_UP_PACKETS);
    }

    /**
     * Starts the target layer from its cached keyframe when that is recent enough: the keyframe, then the
     * packets of the layer that came after it (from the layer's retransmission cache: a delta frame references
     * the frame before it, so none may be skipped), all through the normal rewriter, so the receiver decodes
     * at once and the publisher is not asked. Live packets of the layer then follow. False (nothing sent) when
     * the cache is off or stale, or a packet after the keyframe is no longer held.
     */
    private boolean startFromCachedKeyframe(long nowNanos) {
        KeyframeCache.Frame frame = cachedKeyframe(nowNanos, receiver.room().registry().keyframeCacheMaxAgeNanos());
        if (frame == null) {
            return false;
        }
        Layer layer = publication.layer(targetLayer);
        RetransmissionCache recent = layer.retransmissions();
        int catchUp = layer.catchUpPackets(frame);
        switchTo(targetLayer, frame.packet(0), true, nowNanos);
        SourcePacket source = publication.sideSource();
        for (int i = 0; i < frame.size(); i++) {
            if (source.load(frame.packet(i), publication.isVp8())) {
                send(layer, source, nowNanos);
            }
        }
        for (int i = 1; i <= catchUp; i++) {
            if (source.load(recent.peek(frame.lastSequence() + i), publication.isVp8())) {
                send(layer, source, nowNanos);
            }
        }
        rewriter.endReplay();
        keyframesFromCache++;
        return true;
    }

    /** The hot path: one packet of one layer of the publication, loaded once for all its subscriptions. */
    void forward(Layer layer, SourcePacket source, boolean keyframeStart, long nowNanos) {
        ParticipantTransport transport = receiver.transport();
        if (!transport.isConnected()) {
            return;
        }
        int layerIndex = layer.index();
        if (layerIndex != currentLayer) {
            if (layerIndex != targetLayer) {
                return;
            }
            if (!keyframeStart) {
                if (currentLayer < 0) {
                    drops.count(DropReason.WAITING_FOR_KEYFRAME);
                }
                return;
            }
            switchTo(layerIndex, source.buffer(), false, nowNanos);
        }
        send(layer, source, nowNanos);
    }

    /**
     * A packet the publisher lost and resent (repaired from its RTX stream), older than what came since. Sent
     * only while this subscription is on its layer and in the segment it belongs to: {@link StreamRewriter}
     * maps it to the outgoing sequence number it would have had, so the receiver sees it fill its gap.
     */
    void forwardRepaired(Layer layer, SourcePacket source, long nowNanos) {
        if (layer.index() != currentLayer || !receiver.transport().isConnected()) {
            return;
        }
        send(layer, source, nowNanos);
    }

    private void send(Layer layer, SourcePacket source, long nowNanos) {
        int inSeq = source.sequence();
        if (!rewriter.accepts(inSeq)) {
            return;
        }
        int pictureId = source.pictureId();
        if (maxTemporalLayer >= 0 && source.temporalLayer() > maxTemporalLayer) {
            rewriter.drop(inSeq, pictureId);
            return;
        }
        int outSeq = rewriter.sequence(inSeq);
        long outTimestamp = rewriter.timestamp(source.timestamp());
        int outPictureId = pictureId >= 0 ? rewriter.pictureId(pictureId) : -1;
        int outTl0 = source.tl0PicIdx() >= 0 ? rewriter.tl0PicIdx(source.tl0PicIdx()) : -1;
        // Built in the loop's scratch array, protected there, and copied once into the datagram (sendRtpCopy).
        ParticipantTransport transport = receiver.transport();
        byte[] out = transport.outgoingRtp(source.maxCopyLength());
        int length = writeForReceiver(source, out, outSeq, outTimestamp, outPictureId, outTl0, nowNanos);
        rewriter.sent(outSeq, outTimestamp, outPictureId, outTl0, nowNanos);
        packets++;
        bytes += length;
        reports.onSent(outTimestamp, source.payloadLength(), length, nowNanos);
        receiver.downlink().stamp(out, transportSequenceIndex(source), length);
        transport.sendRtpCopy(out, length);
        RetransmissionCache cache = layer.retransmissions();
        if (nacks != null && cache != null) {
            nacks.onForwarded(outSeq, outTimestamp, cache, inSeq);
            sentVp8[outSeq & (NACK_HISTORY - 1)] = outPictureId < 0 && outTl0 < 0 ? -1
                    : (outPictureId & 0xFFFF) | (outTl0 & 0xFF) << 16 | (outPictureId < 0 ? 1 << 30 : 0)
                            | (outTl0 < 0 ? 1 << 29 : 0);
        }
    }

    /**
     * The receiver's generic NACK (RFC 4585 §6.2.1) for this subscription's SSRC: resends what is still
     * cached, at most once per RTT per packet ({@link NackResponder}). Returns the number of packets resent.
     */
    int onNack(List<Integer> lostSequenceNumbers) {
        reports.onNack(lostSequenceNumbers.size());
        if (nacks == null || !receiver.transport().isConnected()) {
            return 0;
        }
        int count = nacks.respond(lostSequenceNumbers, resendSink);
        retransmitted += count;
        receiver.room().registry().counters().countRetransmissions(count, rtx == null ? 0 : count);
        return count;
    }

    /**
     * Rebuilds one packet as it was first sent: the same copy and rewrite as {@link #forward} (our
     * abs-send-time, with the send time of now), with the recorded sequence number, timestamp and VP8
     * picture id / TL0PICIDX, so the payload is byte for byte what the receiver missed.
     */
    private void resend(ByteBuf cached, int outSeq, long outTimestamp) {
        SourcePacket source = publication.sideSource();
        if (!source.load(cached, publication.isVp8())) {
            return;
        }
        ParticipantTransport transport = receiver.transport();
        long nowNanos = receiver.room().registry().clock().nanos();
        int vp8 = sentVp8[outSeq & (NACK_HISTORY - 1)];
        int outPictureId = vp8 == -1 || (vp8 & 1 << 30) != 0 ? -1 : vp8 & 0x7FFF;
        int outTl0 = vp8 == -1 || (vp8 & 1 << 29) != 0 ? -1 : (vp8 >>> 16) & 0xFF;
        byte[] out = transport.outgoingRtp(source.maxCopyLength());
        int length = writeForReceiver(source, out, outSeq, outTimestamp, outPictureId, outTl0, nowNanos);
        int transportSeqField = transportSequenceIndex(source);
        if (rtx == null) {
            receiver.downlink().stamp(out, transportSeqField, length);
            transport.sendRtpCopy(out, length);
            return;
        }
        // The RTX packet keeps the receiver's extensions at the same offset, so the transport-wide sequence
        // number is stamped into it (every packet of a transport-cc transport carries one).
        ByteBuf plain = Unpooled.wrappedBuffer(out, 0, length);
        ByteBuf wrapped = rtx.packetize(plain, outSeq, outTimestamp, transport.alloc(),
                ParticipantTransport.SRTP_TAILROOM, transportSeqField >= 0);
        plain.release();
        if (wrapped != null) {
            receiver.downlink().stamp(wrapped, transportSeqField);
            transport.sendRtp(wrapped);
        }
    }

    /**
     * The receiver negotiated RTX for this video track (RFC 4588): NACKed packets go out as RTX packets of
     * {@code rtxSsrc} (announced with a=ssrc-group:FID in the answer), with their own sequence numbers.
     */
    void enableRtx(long rtxSsrc, int rtxPayloadType) {
        if (nacks != null && rtx == null) {
            rtx = new RtxPacketizer(rtxSsrc, rtxPayloadType, ThreadLocalRandom.current().nextInt(1 << 16));
        }
    }

    /** The SSRC NACKed packets are resent with as RTX, or -1 when they are resent plainly. */
    long rtxSsrc() {
        return rtx == null ? -1 : rtx.ssrc();
    }

    /**
     * Writes a source packet for this receiver into {@code out} (from index 0) as it goes on the wire before
     * SRTP: the receiver negotiated its own extension ids, so the publisher's extensions must not leak. It gets
     * a transport-wide sequence number (the server's send-side estimate; a placeholder stamped later) when it
     * negotiated one, else our abs-send-time (so its REMB measures this hop). Then the receiver's SSRC, payload
     * type, sequence number, timestamp and VP8 picture id / TL0PICIDX (-1: kept as the publisher sent them).
     *
     * @return the bytes written
     */
    private int writeForReceiver(SourcePacket source, byte[] out, int outSeq, long outTimestamp, int outPictureId,
            int outTl0, long nowNanos) {
        int length;
        if (transportCcId > 0) {
            length = source.copyTo(out, transportCcId, 2, 0);
        } else if (absSendTimeId > 0) {
            length = source.copyTo(out, absSendTimeId, 3, AbsSendTime.of(nowNanos));
        } else {
            length = source.copyTo(out, 0, 0, 0);
        }
        source.rewrite(out, length, payloadType, outSeq, outTimestamp, ssrc, outPictureId, outTl0);
        return length;
    }

    /** Where {@link #writeForReceiver} put the transport-wide sequence number, -1 when it wrote none. */
    private int transportSequenceIndex(SourcePacket source) {
        return transportCcId > 0 ? source.extensionDataIndex() : -1;
    }

    /**
     * Sends about {@code bytes} of probe padding: padding-only packets on this stream's SSRC with the next
     * sequence numbers and the last timestamp (as libwebrtc pads without RTX; the receiver's jitter buffer
     * skips them, its transport-cc feedback counts them). Returns the bytes sent; 0 before the first
     * forwarded packet or when the receiver did not negotiate transport-cc for this stream.
     */
    int sendPadding(int bytes) {
        ParticipantTransport transport = receiver.transport();
        if (transportCcId <= 0 || currentLayer < 0 || !transport.isConnected()) {
            return 0;
        }
        long nowNanos = receiver.room().registry().clock().nanos();
        int sent = 0;
        for (int n = 0; n < MAX_PADDING_PACKETS && sent < bytes; n++) {
            int outSeq = rewriter.insertSequence();
            if (outSeq < 0) {
                break;
            }
            long timestamp = rewriter.lastTimestamp();
            ByteBuf out = transport.alloc().directBuffer(
                    PaddingPacket.length(PADDING_BYTES) + ParticipantTransport.SRTP_TAILROOM);
            int field = PaddingPacket.write(out, payloadType, outSeq, timestamp, ssrc, transportCcId, PADDING_BYTES);
            rewriter.sent(outSeq, timestamp, -1, -1, nowNanos);
            sent += out.readableBytes();
            receiver.downlink().stampProbe(out, field);
            transport.sendRtp(out);
        }
        return sent;
    }

    /** Forgets what was sent (the subscription is removed, or its publication went away). */
    void close() {
        closed = true;
        if (nacks != null) {
            nacks.clear();
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
        if (nacks != null) {
            nacks.rtt(rttNanos);
        }
    }

    /** The SR of this stream for now; null before anything was sent. */
    dev.sfu.core.rtcp.SenderReport senderReport(long nowNanos) {
        if (!reports.hasSent()) {
            return null;
        }
        Layer forwarded = currentLayer >= 0 && currentLayer < publication.layerCount()
                ? publication.layer(currentLayer) : null;
        return reports.senderReport(nowNanos, forwarded, rewriter.timestampOffset());
    }

    /** Packets resent on the receiver's NACKs. */
    long retransmitted() {
        return retransmitted;
    }

    /** @param replay the keyframe is a cached one, sent at once with the frames after it */
    private void switchTo(int layerIndex, ByteBuf keyframe, boolean replay, long nowNanos) {
        if (currentLayer >= 0) {
            switches++;
        }
        currentLayer = layerIndex;
        int offset = RtpPacket.payloadOffset(keyframe);
        int length = RtpPacket.payloadLength(keyframe);
        boolean vp8 = publication.kind() == TrackKind.VIDEO && "VP8".equalsIgnoreCase(publication.codec());
        int pictureId = vp8 ? Vp8PayloadDescriptor.pictureId(keyframe, offset, length) : -1;
        int tl0PicIdx = vp8 ? Vp8PayloadDescriptor.tl0PicIdx(keyframe, offset, length) : -1;
        if (replay) {
            rewriter.startReplay(RtpPacket.sequenceNumber(keyframe), RtpPacket.timestamp(keyframe), pictureId,
                    tl0PicIdx, nowNanos);
        } else {
            rewriter.startSegment(RtpPacket.sequenceNumber(keyframe), RtpPacket.timestamp(keyframe), pictureId,
                    tl0PicIdx, nowNanos);
        }
        H264ParameterSets parameterSets = publication.layer(layerIndex).parameterSets();
        if (parameterSets != null && parameterSets.complete() && length > 0
                && !H264Payload.carriesSps(keyframe, offset, length)) {
            sendParameterSets(parameterSets, keyframe, nowNanos);
        }
        if (firstFrameNanos < 0) {
            firstFrameNanos = nowNanos;
        }
    }

    /**
     * Sends the layer's SPS/PPS as one STAP-A just before a keyframe that does not carry them, with the
     * keyframe's timestamp, so a receiver starting here can decode. (Not NACK-able: no cached source packet.)
     */
    private void sendParameterSets(H264ParameterSets parameterSets, ByteBuf keyframe, long nowNanos) {
        ParticipantTransport transport = receiver.transport();
        int outSeq = rewriter.insertBeforeSegment();
        long outTimestamp = rewriter.timestamp(RtpPacket.timestamp(keyframe));
        ByteBuf out = parameterSets.stapAPacket(transport.alloc(), payloadType, outSeq, outTimestamp, ssrc,
                ParticipantTransport.SRTP_TAILROOM);
        rewriter.sent(outSeq, outTimestamp, -1, -1, nowNanos);
        packets++;
        bytes += out.readableBytes();
        parameterSetsInserted++;
        transport.sendRtp(out);
    }

    /** STAP-As of SPS/PPS sent before keyframes that lacked them. */
    long parameterSetsInserted() {
        return parameterSetsInserted;
    }

    long bytesSent() {
        return bytes;
    }

    /** Times this subscription started a layer from its cached keyframe instead of asking the publisher. */
    long keyframesFromCache() {
        return keyframesFromCache;
    }

    /** Time from the subscription's creation to its first forwarded (key)frame, -1 before. */
    long timeToFirstFrameNanos() {
        return firstFrameNanos < 0 ? -1 : firstFrameNanos - createdNanos;
    }

    SubscriptionSnapshot snapshot() {
        return new SubscriptionSnapshot(publication.id(), publication.owner().id(), publication.kind().sdpName(), mid,
                ssrc, currentLayer >= 0, targetLayer, currentLayer, maxTemporalLayer, preferences, switches,
                timeToFirstFrameNanos() < 0 ? -1 : timeToFirstFrameNanos() / 1_000_000, packets, bytes,
                keyframesFromCache);
    }
}
