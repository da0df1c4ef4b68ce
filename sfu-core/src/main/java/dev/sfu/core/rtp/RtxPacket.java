package dev.sfu.core.rtp;

import io.netty.buffer.ByteBuf;

/**
 * RTP retransmission payload (RFC 4588 §4): the original sequence number (OSN) precedes the
 * original payload; the RTX stream has its own SSRC, sequence and payload type.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         RTP Header                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            OSN                |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
 * |                  Original RTP Packet Payload                  |
 * </pre>
 */
public final class RtxPacket {
    private RtxPacket() {}

    /** The OSN, or -1 when the packet is malformed or its payload is shorter than 2 bytes. */
    public static int originalSequenceNumber(ByteBuf rtx) {
        int header = RtpPacket.headerLength(rtx);
        if (header < 0 || RtpPacket.payloadLength(rtx) < 2) {
            return -1;
        }
        return rtx.getUnsignedShort(rtx.readerIndex() + header);
    }

    /**
     * Writes the original packet into {@code dst}: the RTX header (CSRCs and extensions kept) with
     * the original payload type, SSRC and sequence number (the OSN), followed by the original payload.
     * RTX padding is dropped and the P bit cleared. Returns the bytes written, or -1 (writing nothing)
     * when the RTX packet is malformed or has no OSN.
     */
    public static int unwrap(ByteBuf rtx, ByteBuf dst, int originalPayloadType, long originalSsrc) {
        int osn = originalSequenceNumber(rtx);
        if (osn < 0) {
            return -1;
        }
        int start = rtx.readerIndex();
        int header = RtpPacket.headerLength(rtx);
        int payload = RtpPacket.payloadLength(rtx) - 2;
        dst.ensureWritable(header + payload);
        int out = dst.writerIndex();
        dst.writeByte(rtx.getUnsignedByte(start) & ~0x20);
        dst.writeByte((rtx.getUnsignedByte(start + 1) & 0x80) | (originalPayloadType & 0x7F));
        dst.writeShort(osn);
        dst.writeBytes(rtx, start + 4, 4);
        dst.writeInt((int) originalSsrc);
        dst.writeBytes(rtx, start + 12, header - 12);
        dst.writeBytes(rtx, start + header + 2, payload);
        return dst.writerIndex() - out;
    }
}
