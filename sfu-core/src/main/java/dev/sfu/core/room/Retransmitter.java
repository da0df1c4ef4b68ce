package dev.sfu.core.room;

import dev.sfu.core.model.MediaCounters;
import dev.sfu.core.rtx.NackResponder;
import dev.sfu.core.rtx.RetransmissionCache;
import dev.sfu.core.rtx.RtxPacketizer;
import dev.sfu.core.time.MonotonicClock;
import dev.sfu.core.transport.ParticipantTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Answers one video subscription's NACKs (RFC 4585 §6.2.1). Each packet sent is recorded in a
 * {@link NackResponder} (outgoing sequence number and timestamp, the layer's {@link RetransmissionCache} and the
 * source sequence number) and here the VP8 picture id / TL0PICIDX it went out with, so a NACKed packet is rebuilt
 * from the cached source packet exactly as it was first sent, across layer switches and temporal drops, at most
 * once per RTT. Resends are plain (same SSRC and payload type), or RTX packets ({@link RtxPacketizer}: OSN in
 * front of that payload, an SSRC and sequence of their own) when the receiver negotiated RTX.
 *
 * <pre>
 *   onForwarded(outSeq, ...)   every packet the subscription sends (allocation-free: two ring stores)
 *   onNack(lost)               NackResponder -> resend: SourcePacket.load of the cached packet (the
 *                              publication's side source), the same write as first sent, then
 *                              RtpSender.sendScratch (plain) or RtxPacketizer into a pooled buffer -> send
 * </pre>
 *
 * <p>Confined to the room's event loop.
 */
final class Retransmitter {
    /**
     * Outgoing packets remembered for NACKs: about 2 s of a 1.5 Mbps layer (~160 packets/s), in 16 KB per
     * subscription (the heap target is under 100 KB per subscription; 2048 entries took 64 KB).
     */
    static final int HISTORY = 512;

    private final MonotonicClock clock;
    private final MediaCounters counters;
    private final Publication publication;
    private final ReceiverFormat format;
    private final RtpSender sender;
    private final NackResponder nacks;
    /** Per outgoing sequence number (same ring index as {@link #nacks}): VP8 picture id | TL0PICIDX << 16, or -1. */
    private final int[] sentVp8 = new int[HISTORY];
    private final NackResponder.Sink resendSink = this::resend;
    /** Wraps resends as RTX when the receiver negotiated it, else null (plain retransmissions). */
    private RtxPacketizer rtx;
    private long retransmitted;

    Retransmitter(RoomContext context, Publication publication, ReceiverFormat format, RtpSender sender) {
        this.clock = context.clock();
        this.counters = context.counters();
        this.publication = publication;
        this.format = format;
        this.sender = sender;
        this.nacks = new NackResponder(clock, HISTORY);
    }

    /** Source packet {@code inSeq} of {@code cache} went out as {@code outSeq} with these VP8 fields (-1: none). */
    void onForwarded(int outSeq, long outTimestamp, RetransmissionCache cache, int inSeq, int outPictureId,
            int outTl0) {
        nacks.onForwarded(outSeq, outTimestamp, cache, inSeq);
        sentVp8[outSeq & (HISTORY - 1)] = outPictureId < 0 && outTl0 < 0 ? -1
                : (outPictureId & 0xFFFF) | (outTl0 & 0xFF) << 16 | (outPictureId < 0 ? 1 << 30 : 0)
                        | (outTl0 < 0 ? 1 << 29 : 0);
    }

    /** Resends what is still cached of {@code lostSequenceNumbers}; returns the number of packets resent. */
    int onNack(List<Integer> lostSequenceNumbers) {
        int count = nacks.respond(lostSequenceNumbers, resendSink);
        retransmitted += count;
        counters.countRetransmissions(count, rtx == null ? 0 : count);
        return count;
    }

    /**
     * Rebuilds one packet as it was first sent: the same copy and rewrite as the forwarding path (our
     * abs-send-time, with the send time of now), with the recorded sequence number, timestamp and VP8 picture
     * id / TL0PICIDX, so the payload is byte for byte what the receiver missed.
     */
    private void resend(ByteBuf cached, int outSeq, long outTimestamp) {
        SourcePacket source = publication.sideSource();
        if (!source.load(cached, publication.isVp8())) {
            return;
        }
        long nowNanos = clock.nanos();
        int vp8 = sentVp8[outSeq & (HISTORY - 1)];
        int outPictureId = vp8 == -1 || (vp8 & 1 << 30) != 0 ? -1 : vp8 & 0x7FFF;
        int outTl0 = vp8 == -1 || (vp8 & 1 << 29) != 0 ? -1 : (vp8 >>> 16) & 0xFF;
        byte[] out = sender.scratch(source.maxCopyLength());
        int length = format.write(source, out, outSeq, outTimestamp, outPictureId, outTl0, nowNanos);
        int transportSeqField = format.transportSequenceIndex(source);
        if (rtx == null) {
            sender.sendScratch(out, length, transportSeqField);
            return;
        }
        // The RTX packet keeps the receiver's extensions at the same offset, so the transport-wide sequence
        // number is stamped into it (every packet of a transport-cc transport carries one).
        ByteBuf plain = Unpooled.wrappedBuffer(out, 0, length);
        ByteBuf wrapped = rtx.packetize(plain, outSeq, outTimestamp, sender.alloc(),
                ParticipantTransport.SRTP_TAILROOM, transportSeqField >= 0);
        plain.release();
        if (wrapped != null) {
            sender.send(wrapped, transportSeqField);
        }
    }

    /** The receiver negotiated RTX (RFC 4588): resends go out as RTX packets of {@code rtxSsrc}. */
    void enableRtx(long rtxSsrc, int rtxPayloadType) {
        if (rtx == null) {
            rtx = new RtxPacketizer(rtxSsrc, rtxPayloadType, ThreadLocalRandom.current().nextInt(1 << 16));
        }
    }

    /** The SSRC resends go out with as RTX, or -1 when they are resent plainly. */
    long rtxSsrc() {
        return rtx == null ? -1 : rtx.ssrc();
    }

    /** The receiver's RTT: a NACKed packet is not resent twice within it (100 ms until set). */
    void rtt(long rttNanos) {
        nacks.rtt(rttNanos);
    }

    /** Forgets the caches (the subscription is removed, or its publication went away). */
    void clear() {
        nacks.clear();
    }

    long retransmitted() {
        return retransmitted;
    }
}
