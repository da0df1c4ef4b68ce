package dev.sfu.core.rtx;

import dev.sfu.core.rtp.RtpPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Builds RTX packets (RFC 4588 §4) for one outgoing stream: the RTX stream's own SSRC, payload type and
 * sequence numbers, the original timestamp and marker, and the original sequence number (OSN) in front
 * of the original payload.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|0|0|  CC   |M|  RTX PT     |    RTX sequence number        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    timestamp (as the original)                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           RTX SSRC                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            CSRCs of the original, if any                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            OSN                |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
 * |                  Original RTP Packet Payload                  |
 * </pre>
 *
 * <p>The source's padding is left out, and so are its header extensions unless the caller asks to keep them:
 * a publisher's extensions mean nothing to a receiver (it negotiated its own ids), but a packet already built
 * for the receiver carries the receiver's own (the transport-wide sequence number, which every packet on a
 * transport-cc transport, RTX included, must carry). The packet goes into a pooled buffer with
 * {@code tailroom} spare bytes (for the SRTP tag); the caller owns it.
 *
 * <p>Not thread-safe: one per outgoing RTX stream, confined to the receiver's event loop.
 */
public final class RtxPacketizer {
    private final long ssrc;
    private final int payloadType;
    private int sequence;

    public RtxPacketizer(long rtxSsrc, int rtxPayloadType, int initialSequence) {
        this.ssrc = rtxSsrc & 0xFFFFFFFFL;
        this.payloadType = rtxPayloadType & 0x7F;
        this.sequence = initialSequence & 0xFFFF;
    }

    /**
     * Wraps {@code source} (any well-formed RTP packet: its SSRC, PT and sequence number are not used)
     * as the RTX packet for original sequence number {@code originalSequence} and {@code timestamp}
     * (the values the receiver saw). Returns null, allocating nothing, when the source is malformed.
     */
    public ByteBuf packetize(ByteBuf source, int originalSequence, long timestamp, ByteBufAllocator alloc,
            int tailroom) {
        return packetize(source, originalSequence, timestamp, alloc, tailroom, false);
    }

    /**
     * As {@link #packetize(ByteBuf, int, long, ByteBufAllocator, int)}; with {@code keepExtensions} the
     * source's header extension block is copied as is, at the same offset (so a field index into the source's
     * extensions is valid in the RTX packet too).
     */
    public ByteBuf packetize(ByteBuf source, int originalSequence, long timestamp, ByteBufAllocator alloc,
            int tailroom, boolean keepExtensions) {
        int payloadOffset = RtpPacket.payloadOffset(source);
        int payloadLength = RtpPacket.payloadLength(source);
        if (payloadOffset < 0 || payloadLength < 0) {
            return null;
        }
        int start = source.readerIndex();
        int csrcBytes = 4 * RtpPacket.csrcCount(source);
        boolean extensions = keepExtensions && RtpPacket.hasExtension(source);
        int headerBytes = extensions ? payloadOffset - start - RtpPacket.FIXED_HEADER_LENGTH : csrcBytes;
        int length = RtpPacket.FIXED_HEADER_LENGTH + headerBytes + 2 + payloadLength;
        ByteBuf out = alloc.directBuffer(length + tailroom);
        out.writeByte(0x80 | (extensions ? 0x10 : 0) | RtpPacket.csrcCount(source));
        out.writeByte((RtpPacket.marker(source) ? 0x80 : 0) | payloadType);
        out.writeShort(sequence);
        out.writeInt((int) timestamp);
        out.writeInt((int) ssrc);
        out.writeBytes(source, start + RtpPacket.FIXED_HEADER_LENGTH, headerBytes);
        out.writeShort(originalSequence);
        out.writeBytes(source, payloadOffset, payloadLength);
        sequence = (sequence + 1) & 0xFFFF;
        return out;
    }

    /** The sequence number the next RTX packet gets. */
    public int nextSequence() {
        return sequence;
    }

    public long ssrc() {
        return ssrc;
    }
}
