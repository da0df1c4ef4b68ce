package dev.sfu.peer;

import dev.sfu.core.rtp.RtpPacket;
import dev.sfu.core.rtp.RtxPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The receive side of a peer: each decrypted RTP packet from the SFU goes to the {@link InboundStream} of its
 * SSRC (created on the first packet of an SSRC the answer named), after the tap, transport-cc and RTX
 * unwrapping; simulated losses and the retransmissions that answer our NACKs are kept apart as copies.
 *
 * <pre>
 *   protected packet ─▶ lose()? (planned loss: copied by onLost, never decrypted in line)
 *   decrypted packet ─▶ tap ─▶ transport-cc (its simulated downlink may drop it)
 *                    ─▶ RTX? unwrapped, then as any packet
 *                    ─▶ awaited after a NACK? kept as a retransmission
 *                    ─▶ the InboundStream of its SSRC (or counted as unknown)
 * </pre>
 *
 * <p>Threading: confined to the peer's event loop. Buffers: packets are borrowed for the call; an unwrapped
 * RTX packet is a heap copy released here.
 */
final class PeerReceiver {
    /** Sees each decrypted RTP packet before the peer's own accounting; on the peer's loop ({@link PeerTap}). */
    interface Tap {
        void onRtp(ByteBuf packet, long nowNanos);
    }

    private final Negotiator negotiation;
    private final PeerReports reports;
    private final Supplier<ByteBufAllocator> alloc;
    private final PayloadStamp stamp = new PayloadStamp();
    private final Map<Long, InboundStream> inbound = new LinkedHashMap<>();
    private final Map<Long, Long> rtxReceivedBySsrc = new LinkedHashMap<>();
    /** Incoming SSRC -> sequence numbers to drop on arrival (simulated loss). */
    private final Map<Long, Set<Integer>> dropPlan = new HashMap<>();
    /** Incoming SSRC -> sequence numbers NACKed and not back yet. */
    private final Map<Long, Set<Integer>> awaitingRetransmission = new HashMap<>();
    private final List<CapturedPacket> dropped = new ArrayList<>();
    private final List<CapturedPacket> retransmissions = new ArrayList<>();
    private long rtxReceived;
    private long unknownSsrcPackets;
    private long earlyPackets;
    private Tap tap;
    /** The receiver side of transport-cc; null until enabled (then offered on recvonly m-lines). */
    private TransportCcReceiver transportCc;

    /** @param negotiation what the answers said about the SSRCs; @param alloc for unwrapping RTX */
    PeerReceiver(Negotiator negotiation, PeerReports reports, Supplier<ByteBufAllocator> alloc) {
        this.negotiation = negotiation;
        this.reports = reports;
        this.alloc = alloc;
    }

    /** A decrypted RTP packet from the SFU (borrowed for the call). */
    void onRtp(ByteBuf packet) {
        if (tap != null) {
            tap.onRtp(packet, System.nanoTime());
        }
        dispatch(packet);
    }

    private void dispatch(ByteBuf packet) {
        if (RtpPacket.headerLength(packet) < 0 || RtpPacket.payloadLength(packet) < 0) {
            unknownSsrcPackets++;
            return;
        }
        if (transportCc != null && !transportCc.onRtp(packet, System.nanoTime())) {
            return; // the simulated downlink dropped it
        }
        long ssrc = RtpPacket.ssrc(packet);
        long[] repaired = negotiation.repairedBy(ssrc);
        if (repaired != null) {
            receiveRtx(packet, ssrc, repaired[0], (int) repaired[1]);
            return;
        }
        if (!awaitingRetransmission.isEmpty()) {
            Set<Integer> awaited = awaitingRetransmission.get(ssrc);
            if (awaited != null && awaited.remove(RtpPacket.sequenceNumber(packet))) {
                retransmissions.add(capture(packet));
                return;
            }
        }
        InboundStream stream = inbound.get(ssrc);
        if (stream == null) {
            String mid = negotiation.midOf(ssrc);
            if (mid == null) {
                // As a browser before setRemoteDescription: the server may send on a new subscription before
                // its answer is applied here. Only a packet no answer explains is a server fault.
                if (negotiation.offerInFlight()) {
                    earlyPackets++;
                } else {
                    unknownSsrcPackets++;
                }
                return;
            }
            stream = new InboundStream(ssrc, mid, RtpPacket.payloadType(packet), stamp);
            inbound.put(ssrc, stream);
            reports.track(stream);
        }
        stream.onPacket(packet, System.nanoTime());
    }

    /** An RTX packet (RFC 4588) from the SFU: unwrapped, the original goes the way of any packet. */
    private void receiveRtx(ByteBuf rtx, long rtxSsrc, long mediaSsrc, int mediaPayloadType) {
        rtxReceived++;
        rtxReceivedBySsrc.merge(rtxSsrc, 1L, Long::sum);
        ByteBuf original = alloc.get().heapBuffer(rtx.readableBytes());
        try {
            if (RtxPacket.unwrap(rtx, original, mediaPayloadType, mediaSsrc) < 0) {
                unknownSsrcPackets++;
                return;
            }
            dispatch(original);
        } finally {
            original.release();
        }
    }

    /** Whether this incoming SRTP packet (header in the clear) is planned to be lost; a plan is used once. */
    boolean lose(ByteBuf protectedRtp) {
        Set<Integer> drops = dropPlan.isEmpty() || RtpPacket.headerLength(protectedRtp) < 0 ? null
                : dropPlan.get(RtpPacket.ssrc(protectedRtp));
        return drops != null && drops.remove(RtpPacket.sequenceNumber(protectedRtp));
    }

    /** A packet {@link #lose} chose, decrypted apart: kept as a copy. */
    void onLost(ByteBuf packet) {
        if (RtpPacket.headerLength(packet) >= 0 && RtpPacket.payloadLength(packet) >= 0) {
            dropped.add(capture(packet));
        }
    }

    private CapturedPacket capture(ByteBuf packet) {
        int payloadType = RtpPacket.payloadType(packet);
        byte[] payload = new byte[RtpPacket.payloadLength(packet)];
        packet.getBytes(RtpPacket.payloadOffset(packet), payload);
        boolean video = payloadType == LocalTrack.VP8_PT || payloadType == LocalTrack.H264_PT;
        return new CapturedPacket(RtpPacket.ssrc(packet), RtpPacket.sequenceNumber(packet), RtpPacket.timestamp(packet),
                payloadType, RtpPacket.marker(packet), payload, InboundStream.stampIntact(stamp, packet, video),
                System.nanoTime());
    }

    /** Plans the loss of these sequence numbers of incoming stream {@code ssrc} on arrival. */
    void dropIncoming(long ssrc, Collection<Integer> sequenceNumbers) {
        dropPlan.computeIfAbsent(ssrc, s -> new HashSet<>()).addAll(sequenceNumbers);
    }

    /** These sequence numbers were NACKed: when they come back they are retransmissions, not received media. */
    void awaitRetransmission(long mediaSsrc, List<Integer> sequenceNumbers) {
        awaitingRetransmission.computeIfAbsent(mediaSsrc, s -> new HashSet<>()).addAll(sequenceNumbers);
    }

    void setTap(Tap tap) {
        this.tap = tap;
    }

    /** Starts recording arrivals for transport-cc feedback; returns false when it already was. */
    boolean enableTransportCc(long senderSsrc) {
        if (transportCc != null) {
            return false;
        }
        transportCc = new TransportCcReceiver(senderSsrc);
        return true;
    }

    /** The receiver side of transport-cc, or null until enabled. */
    TransportCcReceiver transportCc() {
        return transportCc;
    }

    /** Puts a simulated rate-limited link in front of what arrives (0 lifts it); needs transport-cc. */
    void downlinkLimit(long bps) {
        if (transportCc == null) {
            throw new IllegalStateException("enableTransportCc() first");
        }
        transportCc.downlinkLimit(bps);
    }

    JavaPeer.TransportCcStats transportCcStats() {
        if (transportCc == null) {
            return new JavaPeer.TransportCcStats(0, 0, 0, 0);
        }
        TransportCcReceiver.Stats s = transportCc.stats();
        return new JavaPeer.TransportCcStats(s.packets(), s.feedbackSent(), s.droppedByLimit(), s.limitBps());
    }

    InboundStream stream(long ssrc) {
        return inbound.get(ssrc);
    }

    /** The SSRCs received so far, in arrival order. */
    List<Long> ssrcs() {
        return new ArrayList<>(inbound.keySet());
    }

    List<InboundStreamStats> snapshot() {
        List<InboundStreamStats> streams = new ArrayList<>();
        for (InboundStream stream : inbound.values()) {
            streams.add(stream.snapshot());
        }
        return streams;
    }

    List<CapturedPacket> dropped() {
        return List.copyOf(dropped);
    }

    List<CapturedPacket> retransmissions() {
        return List.copyOf(retransmissions);
    }

    long rtxReceived() {
        return rtxReceived;
    }

    /** RTX SSRC -> packets received on it (live view). */
    Map<Long, Long> rtxReceivedBySsrc() {
        return rtxReceivedBySsrc;
    }

    long unknownSsrcPackets() {
        return unknownSsrcPackets;
    }
}
