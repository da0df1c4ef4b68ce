package dev.sfu.core.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Where one receiver's outgoing RTP goes: {@link ParticipantTransport} (SRTP, then the loop's socket), or a test's
 * recording sink. Two ways in, with their ownership rules:
 *
 * <ul>
 *   <li>{@link #outgoingRtp} / {@link #sendRtpCopy}: the forwarding path. The array is the loop's scratch array,
 *       borrowed: the caller builds one packet in it and sends it before it asks again; the output copies the
 *       bytes out (protected in place first), so the caller never owns them afterwards.</li>
 *   <li>{@link #sendRtp}: a packet in its own pooled buffer (resends as RTX, padding, inserted parameter sets);
 *       the output takes ownership and releases it on every path.</li>
 * </ul>
 *
 * <p>Confined to the room's event loop.
 */
public interface RtpOutput {
    /** Whether packets go anywhere now (ICE and DTLS done); when false the send methods drop them. */
    boolean isConnected();

    ByteBufAllocator alloc();

    /** The loop's scratch array for one packet of up to {@code capacity} bytes (plus SRTP's tag). Borrowed. */
    byte[] outgoingRtp(int capacity);

    /** Sends {@code packet[0, length)} built in {@link #outgoingRtp}'s array; the bytes are copied out. */
    void sendRtpCopy(byte[] packet, int length);

    /** Sends a packet in its own buffer; takes ownership. */
    void sendRtp(ByteBuf packet);
}
