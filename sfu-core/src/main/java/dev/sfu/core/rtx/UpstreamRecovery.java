package dev.sfu.core.rtx;

import dev.sfu.core.rtp.RtpPacket;
import dev.sfu.core.rtp.RtxPacket;
import dev.sfu.core.time.MonotonicClock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/**
 * Loss recovery for one incoming video stream (a simulcast layer) and its RTX stream (RFC 4588): a
 * {@link NackGenerator} sees every media packet, and RTX packets are unwrapped back into the packets the
 * publisher lost on the way to us.
 *
 * <pre>
 *   onMedia(packet)          every media packet: its payload type (the RTX stream's apt) and sequence number
 *   repair(rtx, ssrc, alloc) every packet on the RTX SSRC:
 *        OSN still missing? -&gt; the original packet (OSN, media PT and SSRC, original payload) in a pooled
 *                             buffer the caller owns and releases; the OSN counts as arrived
 *        else (duplicate, RTX probe of a packet that did arrive, given up, padding only) -&gt; null
 *   collectNacks()           every ~20 ms: sequence numbers to NACK upstream now
 *   takeKeyframeRequest()    true once after repair failed (retry budget or age spent): ask for a keyframe
 * </pre>
 *
 * <p>A repaired packet is handed out only while its sequence number is awaited, so each lost packet is
 * repaired at most once, whatever the publisher resends. Not thread-safe: confined to the room's event loop.
 * Allocation-free except the pooled buffer of a repaired packet (and a NACK list when there is loss).
 */
public final class UpstreamRecovery {
    private final NackGenerator nacks;
    private int mediaPayloadType = -1;
    private long rtxPackets;
    private long repaired;
    private long unused;

    public UpstreamRecovery(MonotonicClock clock) {
        this(new NackGenerator(clock));
    }

    public UpstreamRecovery(NackGenerator nacks) {
        this.nacks = nacks;
    }

    /** A media packet of the stream arrived (well-formed RTP). */
    public void onMedia(ByteBuf packet) {
        onMedia(RtpPacket.sequenceNumber(packet), RtpPacket.payloadType(packet));
    }

    /** {@link #onMedia(ByteBuf)} with the header fields already read (the routing parses each packet once). */
    public void onMedia(int sequenceNumber, int payloadType) {
        mediaPayloadType = payloadType;
        nacks.onPacket(sequenceNumber);
    }

    /**
     * Unwraps a packet of the stream's RTX SSRC into the original packet with {@code mediaSsrc}, when it
     * repairs a loss; returns null otherwise (the caller counts it unused). The returned buffer is the
     * caller's to release.
     */
    public ByteBuf repair(ByteBuf rtx, long mediaSsrc, ByteBufAllocator alloc) {
        rtxPackets++;
        int osn = RtxPacket.originalSequenceNumber(rtx);
        if (osn < 0 || mediaPayloadType < 0 || mediaSsrc < 0 || !nacks.isMissing(osn)) {
            unused++;
            return null;
        }
        ByteBuf original = alloc.directBuffer(rtx.readableBytes());
        if (RtxPacket.unwrap(rtx, original, mediaPayloadType, mediaSsrc) < 0) {
            original.release();
            unused++;
            return null;
        }
        nacks.onPacket(osn);
        repaired++;
        return original;
    }

    /** Sequence numbers to NACK to the publisher now (empty when none). */
    public List<Integer> collectNacks() {
        return nacks.collectNacks();
    }

    /** True once after packets were given up on: the caller asks the publisher for a keyframe. */
    public boolean takeKeyframeRequest() {
        return nacks.takeKeyframeRequest();
    }

    /** The RTT to the publisher, spacing the NACKs of one packet (100 ms until set). */
    public void rtt(long nanos) {
        nacks.rtt(nanos);
    }

    /** Packets that arrived on the RTX SSRC. */
    public long rtxPackets() {
        return rtxPackets;
    }

    /** Lost packets recovered from RTX. */
    public long repaired() {
        return repaired;
    }

    /** RTX packets that repaired nothing: duplicates, probes, padding, too late, malformed. */
    public long unused() {
        return unused;
    }

    /** Sequence numbers NACKed upstream (each retry counts). */
    public long nacksSent() {
        return nacks.nacksSent();
    }

    /** Lost packets given up on (a keyframe was asked for instead). */
    public long gaveUp() {
        return nacks.gaveUp();
    }

    /** Sequence numbers currently awaited. */
    public int missing() {
        return nacks.missingCount();
    }
}
