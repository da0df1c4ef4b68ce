package dev.sfu.core.room;

import dev.sfu.core.transport.ParticipantTransport;
import dev.sfu.core.transport.RtpOutput;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The one way RTP goes out to one receiver, for every subscription it has: the forwarding path, resends and
 * padding. It stamps the transport-wide sequence number its {@link DownlinkEstimator} hands out (when the packet
 * has the field) and passes the packet to the receiver's {@link RtpOutput}.
 *
 * <p><b>Buffers.</b> Two kinds, each with its rule:
 * <ul>
 *   <li>{@link #scratch} then {@link #sendScratch}: the forwarding path builds its copy in the loop's scratch array
 *       (borrowed: one packet at a time, sent before the next {@code scratch}); the output copies it out, so no
 *       buffer is allocated per copy.</li>
 *   <li>{@link #allocate} then {@link #send} / {@link #sendProbe} / {@link #sendUnstamped}: a packet in its own
 *       pooled buffer (RTX resends, padding, parameter sets); the send methods take ownership.</li>
 * </ul>
 *
 * <p>Final and per receiver: the per-copy path makes plain calls here. Confined to the room's event loop.
 */
final class RtpSender {
    private final RtpOutput output;
    private final DownlinkEstimator downlink;

    RtpSender(RtpOutput output, DownlinkEstimator downlink) {
        this.output = output;
        this.downlink = downlink;
    }

    /** Whether the receiver can be sent to now (ICE and DTLS done). */
    boolean connected() {
        return output.isConnected();
    }

    ByteBufAllocator alloc() {
        return output.alloc();
    }

    /** The loop's scratch array for a packet of up to {@code maxLength} bytes; borrowed until {@link #sendScratch}. */
    byte[] scratch(int maxLength) {
        return output.outgoingRtp(maxLength);
    }

    /**
     * Sends {@code packet[0, length)} built in the {@link #scratch} array, stamping the transport-wide sequence
     * number at {@code transportSequenceIndex} (-1: the packet has none).
     */
    void sendScratch(byte[] packet, int length, int transportSequenceIndex) {
        downlink.stamp(packet, transportSequenceIndex, length);
        output.sendRtpCopy(packet, length);
    }

    /** A pooled buffer for one packet of {@code length} bytes, with room for SRTP's tag. */
    ByteBuf allocate(int length) {
        return output.alloc().directBuffer(length + ParticipantTransport.SRTP_TAILROOM);
    }

    /** Sends a packet in its own buffer (owned from here on), stamped like {@link #sendScratch}. */
    void send(ByteBuf packet, int transportSequenceIndex) {
        downlink.stamp(packet, transportSequenceIndex);
        output.sendRtp(packet);
    }

    /** Sends a probe's padding packet (owned from here on); the estimator counts it as probe traffic. */
    void sendProbe(ByteBuf packet, int transportSequenceIndex) {
        downlink.stampProbe(packet, transportSequenceIndex);
        output.sendRtp(packet);
    }

    /** Sends a packet without a transport-wide sequence number (owned from here on). */
    void sendUnstamped(ByteBuf packet) {
        output.sendRtp(packet);
    }
}
