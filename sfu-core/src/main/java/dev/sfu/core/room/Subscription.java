package dev.sfu.core.room;

import dev.sfu.core.engine.SubscriptionSnapshot;
import dev.sfu.core.engine.TrackPreferences;
import dev.sfu.core.rtp.AbsSendTime;
import dev.sfu.core.rtp.PaddingPacket;
import dev.sfu.core.rtp.RtpPacket;
import dev.sfu.core.rtp.TransportSequenceNumber;
import dev.sfu.core.rtp.Vp8PayloadDescriptor;
import dev.sfu.core.rtx.NackResponder;
import dev.sfu.core.rtx.RetransmissionCache;
import dev.sfu.core.rtx.RtxPacketizer;
import dev.sfu.core.transport.DropCounters;
import dev.sfu.core.transport.DropReason;
import dev.sfu.core.transport.ParticipantTransport;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One receiver's copy of one published track: the server-chosen SSRC and payload type it is sent with,
 * the layer it should get (the {@code target}, set by {@link LayerAllocator}) and the layer it gets now.
 * The per-packet code only reads the target: it keeps forwarding the current layer until a keyframe of the
 * target layer arrives, then switches there, and {@link StreamRewriter} keeps the receiver's stream
 * continuous.
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
    /** Video only (null for audio): what was sent, for NACKs. */
    private final NackResponder nacks;
    /** Per outgoing sequence number (same ring index as {@link #nacks}): VP8 picture id | TL0PICIDX << 16, or -1. */
    private final int[] sentVp8;
    private final NackResponder.Sink resendSink = this::resend;
    /** Wraps resends as RTX when the receiver negotiated it, else null (plain retransmissions). */
    private RtxPacketizer rtx;
    private long retransmitted;

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
     * Sets the layer this receiver should get (-1: nothing) and the highest temporal layer. A change asks
     * the publisher for a keyframe of the new layer; the switch happens when it arrives.
     */
    void setTarget(int layer, int temporalLayer, long nowNanos) {
        maxTemporalLayer = temporalLayer;
        if (layer != targetLayer) {
            if (layer < targetLayer) {
                lastDownSwitchNanos = nowNanos;
            }
            targetLayer = layer;
            if (layer < 0) {
                currentLayer = -1;
            }
            lastKeyframeAskNanos = Long.MIN_VALUE / 2;
        }
        // Still waiting for the target's keyframe (the request or the keyframe got lost, or came before the
        // receiver was connected): ask again now and then; the layer's governor merges and throttles.
        if (targetLayer >= 0 && targetLayer != currentLayer && receiver.transport().isConnected()
                && nowNanos - lastKeyframeAskNanos >= KEYFRAME_ASK_INTERVAL_NANOS) {
            lastKeyframeAskNanos = nowNanos;
            publication.requestKeyframe(targetLayer);
        }
    }

    /** Called when the receiver's transport connects or the subscription is created on a connected one. */
    void activate() {
        if (currentLayer != targetLayer && targetLayer >= 0) {
            publication.requestKeyframe(targetLayer);
        }
    }

    /** The hot path: one packet of one layer of the publication. */
    void forward(Layer layer, ByteBuf source, boolean keyframeStart, long nowNanos) {
        ParticipantTransport transport = receiver.transport();
        if (!transport.isConnected()) {
            return;
        }
        int layerIndex = layer.index();
        int inSeq = RtpPacket.sequenceNumber(source);
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
            switchTo(layerIndex, source, nowNanos);
        }
        send(layer, source, inSeq, nowNanos);
    }

    /**
     * A packet the publisher lost and resent (repaired from its RTX stream), older than what came since. Sent
     * only while this subscription is on its layer and in the segment it belongs to: {@link StreamRewriter}
     * maps it to the outgoing sequence number it would have had, so the receiver sees it fill its gap.
     */
    void forwardRepaired(Layer layer, ByteBuf source, long nowNanos) {
        if (layer.index() != currentLayer || !receiver.transport().isConnected()) {
            return;
        }
        send(layer, source, RtpPacket.sequenceNumber(source), nowNanos);
    }

    private void send(Layer layer, ByteBuf source, int inSeq, long nowNanos) {
        ParticipantTransport transport = receiver.transport();
        if (!rewriter.accepts(inSeq)) {
            return;
        }
        int payloadOffset = RtpPacket.payloadOffset(source);
        int payloadLength = RtpPacket.payloadLength(source);
        boolean vp8 = publication.isVp8() && payloadLength > 0;
        int pictureId = vp8 ? Vp8PayloadDescriptor.pictureId(source, payloadOffset, payloadLength) : -1;
        if (vp8 && maxTemporalLayer >= 0
                && Vp8PayloadDescriptor.temporalLayerId(source, payloadOffset, payloadLength) > maxTemporalLayer) {
            rewriter.drop(inSeq, pictureId);
            return;
        }
        // Built in the loop's heap scratch and copied once into the datagram after protect (sendRtpCopy).
        ByteBuf out = transport.outgoingRtp();
        int transportSeqField = copyForReceiver(source, out, nowNanos);
        int outSeq = rewriter.sequence(inSeq);
        long outTimestamp = rewriter.timestamp(RtpPacket.timestamp(source));
        RtpPacket.setSsrc(out, ssrc);
        RtpPacket.setPayloadType(out, payloadType);
        RtpPacket.setSequenceNumber(out, outSeq);
        RtpPacket.setTimestamp(out, outTimestamp);
        int outPictureId = -1;
        int outTl0 = -1;
        if (vp8) {
            int outOffset = RtpPacket.payloadOffset(out);
            int outLength = RtpPacket.payloadLength(out);
            if (pictureId >= 0) {
                outPictureId = rewriter.pictureId(pictureId);
                Vp8PayloadDescriptor.setPictureId(out, outOffset, outLength, outPictureId);
            }
            int tl0 = Vp8PayloadDescriptor.tl0PicIdx(out, outOffset, outLength);
            if (tl0 >= 0) {
                outTl0 = rewriter.tl0PicIdx(tl0);
                Vp8PayloadDescriptor.setTl0PicIdx(out, outOffset, outLength, outTl0);
            }
        }
        rewriter.sent(outSeq, outTimestamp, outPictureId, outTl0, nowNanos);
        packets++;
        bytes += out.readableBytes();
        receiver.downlink().stamp(out, transportSeqField);
        transport.sendRtpCopy(out);
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
    private void resend(ByteBuf source, int outSeq, long outTimestamp) {
        ParticipantTransport transport = receiver.transport();
        long nowNanos = receiver.room().registry().clock().nanos();
        ByteBuf out = transport.alloc().directBuffer(
                source.readableBytes() + AbsSendTime.BLOCK_LENGTH + ParticipantTransport.SRTP_TAILROOM);
        int transportSeqField = copyForReceiver(source, out, nowNanos);
        RtpPacket.setSsrc(out, ssrc);
        RtpPacket.setPayloadType(out, payloadType);
        RtpPacket.setSequenceNumber(out, outSeq);
        RtpPacket.setTimestamp(out, outTimestamp);
        int vp8 = sentVp8[outSeq & (NACK_HISTORY - 1)];
        if (vp8 != -1) {
            int outOffset = RtpPacket.payloadOffset(out);
            int outLength = RtpPacket.payloadLength(out);
            if ((vp8 & 1 << 30) == 0) {
                Vp8PayloadDescriptor.setPictureId(out, outOffset, outLength, vp8 & 0x7FFF);
            }
            if ((vp8 & 1 << 29) == 0) {
                Vp8PayloadDescriptor.setTl0PicIdx(out, outOffset, outLength, (vp8 >>> 16) & 0xFF);
            }
        }
        if (rtx == null) {
            receiver.downlink().stamp(out, transportSeqField);
            transport.sendRtp(out);
            return;
        }
        // The RTX packet keeps the receiver's extensions at the same offset, so the transport-wide sequence
        // number is stamped into it (every packet of a transport-cc transport carries one).
        ByteBuf wrapped = rtx.packetize(out, outSeq, outTimestamp, transport.alloc(), ParticipantTransport.SRTP_TAILROOM,
                transportSeqField >= 0);
        out.release();
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

    /** The receiver's RTT (from its RTCP reports): a NACKed packet is not resent twice within it (100 ms until set). */
    void receiverRtt(long nanos) {
        if (nacks != null) {
            nacks.rtt(nanos);
        }
    }

    /** The SSRC NACKed packets are resent with as RTX, or -1 when they are resent plainly. */
    long rtxSsrc() {
        return rtx == null ? -1 : rtx.ssrc();
    }

    /**
     * Copies a source packet for this receiver: the receiver negotiated its own extension ids, so the
     * publisher's extensions must not leak. It gets a transport-wide sequence number (the server's
     * send-side estimate) when it negotiated one, else our abs-send-time (so its REMB measures this hop).
     *
     * @return the index of the transport-wide sequence number field, -1 when none was written
     */
    private int copyForReceiver(ByteBuf source, ByteBuf out, long nowNanos) {
        if (transportCcId > 0) {
            return TransportSequenceNumber.copyWithPlaceholder(source, out, transportCcId);
        }
        if (absSendTimeId > 0) {
            AbsSendTime.copyWithAbsSendTime(source, out, absSendTimeId, AbsSendTime.of(nowNanos));
        } else {
            RtpPacket.copyWithoutExtensions(source, out);
        }
        return -1;
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
        if (nacks != null) {
            nacks.clear();
        }
    }

    /** Packets resent on the receiver's NACKs. */
    long retransmitted() {
        return retransmitted;
    }

    private void switchTo(int layerIndex, ByteBuf keyframe, long nowNanos) {
        if (currentLayer >= 0) {
            switches++;
        }
        currentLayer = layerIndex;
        int offset = RtpPacket.payloadOffset(keyframe);
        int length = RtpPacket.payloadLength(keyframe);
        boolean vp8 = publication.kind() == TrackKind.VIDEO && "VP8".equalsIgnoreCase(publication.codec());
        rewriter.startSegment(RtpPacket.sequenceNumber(keyframe), RtpPacket.timestamp(keyframe),
                vp8 ? Vp8PayloadDescriptor.pictureId(keyframe, offset, length) : -1,
                vp8 ? Vp8PayloadDescriptor.tl0PicIdx(keyframe, offset, length) : -1, nowNanos);
        if (firstFrameNanos < 0) {
            firstFrameNanos = nowNanos;
        }
    }

    long bytesSent() {
        return bytes;
    }

    /** Time from the subscription's creation to its first forwarded (key)frame, -1 before. */
    long timeToFirstFrameNanos() {
        return firstFrameNanos < 0 ? -1 : firstFrameNanos - createdNanos;
    }

    SubscriptionSnapshot snapshot() {
        return new SubscriptionSnapshot(publication.id(), publication.owner().id(), publication.kind().sdpName(), mid,
                ssrc, currentLayer >= 0, targetLayer, currentLayer, maxTemporalLayer, preferences, switches,
                timeToFirstFrameNanos() < 0 ? -1 : timeToFirstFrameNanos() / 1_000_000, packets, bytes);
    }
}
