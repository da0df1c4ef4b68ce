package dev.sfu.core.rtp;

import io.netty.buffer.ByteBuf;

/**
 * The transport-wide sequence number header extension
 * (http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01): one 16-bit counter per
 * transport, across all its streams, that transport-cc feedback (RTCP RTPFB FMT 15) refers to.
 *
 * <pre>
 *   0                   1                   2                   3
 *  |  0xBE         |    0xDE       |           length=1            |
 *  |  ID   | L=1   |transport-wide sequence number | 0 (padding)   |
 * </pre>
 */
public final class TransportSequenceNumber {
    /** Bytes the extension block adds to a packet without extensions. */
    public static final int BLOCK_LENGTH = 8;

    private TransportSequenceNumber() {}

    /** Writes the sequence number at the index of the element's data (e.g. {@link RtpPacket#copyWithOneExtension}). */
    public static void set(ByteBuf packet, int fieldIndex, int sequence) {
        packet.setShort(fieldIndex, sequence);
    }

    /** The packet's transport-wide sequence number under extension id {@code id}, or -1 when absent/short. */
    public static int read(ByteBuf packet, int id) {
        long found = RtpPacket.findExtension(packet, id);
        if (found < 0 || RtpPacket.extensionLength(found) < 2) {
            return -1;
        }
        return packet.getUnsignedShort(RtpPacket.extensionOffset(found));
    }
}
