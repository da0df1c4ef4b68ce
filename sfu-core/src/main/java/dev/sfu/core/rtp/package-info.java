/**
 * RTP (RFC 3550) as allocation-free static views over pooled {@link io.netty.buffer.ByteBuf}s.
 *
 * <pre>
 *   datagram (ByteBuf, readerIndex..writerIndex)
 *        |
 *        +-- RtpPacket.headerLength  -&gt; -1 drops the packet; otherwise the header is valid
 *        +-- RtpPacket accessors / setters (SSRC, sequence, timestamp rewritten in place for fan-out)
 *        +-- RtpPacket.findExtension (RFC 8285 one-byte and two-byte forms; the walk in HeaderExtensions,
 *            shared with the routing's parsed copy of a packet, a byte array)
 *        +-- RtxPacket.unwrap (RFC 4588) -&gt; original packet
 *        +-- Vp8PayloadDescriptor (RFC 7741), H264Payload (RFC 6184): keyframe and layer detection
 * </pre>
 *
 * <p>Nothing here allocates, changes a buffer's indexes or retains a buffer; the caller owns and
 * releases every buffer. Methods are stateless; a buffer must be confined to one thread (its event
 * loop) while it is read or rewritten. This package imports nothing from routing, Vert.x or Jackson.
 */
package dev.sfu.core.rtp;
