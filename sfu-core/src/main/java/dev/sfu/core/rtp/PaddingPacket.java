package dev.sfu.core.rtp;

import io.netty.buffer.ByteBuf;

/**
 * A padding-only RTP packet (RFC 3550 §5.1, P bit): no payload, {@code n} bytes of padding whose last byte
 * says {@code n}. Sent on a media SSRC with the next sequence number and the last timestamp, as libwebrtc
 * pads without RTX: the receiver's jitter buffer skips it, its transport-cc feedback counts it, which is
 * what a bandwidth probe needs.
 *
 * <pre>
 *  |V=2|P=1|X=1| CC=0 |M=0|   PT    |        sequence number        |
 *  |                          timestamp                            |
 *  |                             SSRC                              |
 *  |      0xBE     |      0xDE     |           length=1            |
 *  |  ID   | L=1   | transport-wide sequence number |       0       |
 *  |  0 ... 0 (padding)                                    |   n    |
 * </pre>
 */
public final class PaddingPacket {
    /** The most padding one packet carries (the count is one byte). */
    public static final int MAX_PADDING = 255;

    private PaddingPacket() {}

    /** Bytes {@link #write} writes for {@code padding} bytes of padding. */
    public static int length(int padding) {
        return RtpPacket.FIXED_HEADER_LENGTH + TransportSequenceNumber.BLOCK_LENGTH + padding;
    }

    /**
     * Writes the packet with a transport-wide sequence number placeholder (see
     * {@link TransportSequenceNumber#set}).
     *
     * @param padding 1..255 bytes
     * @return the absolute index of the transport-wide sequence number field
     */
    public static int write(ByteBuf out, int payloadType, int sequence, long timestamp, long ssrc,
            int transportCcId, int padding) {
        if (padding < 1 || padding > MAX_PADDING) {
            throw new IllegalArgumentException("padding must be 1..255: " + padding);
        }
        out.writeByte(0x80 | 0x20 | 0x10);
        out.writeByte(payloadType & 0x7F);
        out.writeShort(sequence);
        out.writeInt((int) timestamp);
        out.writeInt((int) ssrc);
        out.writeShort(RtpPacket.ONE_BYTE_PROFILE);
        out.writeShort(1);
        out.writeByte((transportCcId << 4) | 1);
        int field = out.writerIndex();
        out.writeShort(0);
        out.writeByte(0);
        out.writeZero(padding - 1);
        out.writeByte(padding);
        return field;
    }
}
