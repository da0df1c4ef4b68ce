package dev.sfu.core.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * Picture loss indication (RFC 4585 §6.3.1): a payload-specific feedback message (PT=206) with FMT=1
 * and no FCI.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| FMT=1   |    PT=206     |          length=2             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record PictureLossIndication(long senderSsrc, long mediaSsrc) implements RtcpPacket {
    static final int FMT = 1;

    public PictureLossIndication {
        RtcpHeader.checkU32("senderSsrc", senderSsrc);
        RtcpHeader.checkU32("mediaSsrc", mediaSsrc);
    }

    static PictureLossIndication parse(ByteBuf buf, int offset, int length) throws RtcpException {
        RtcpHeader.require(length >= 8, "PLI shorter than 12 bytes");
        return new PictureLossIndication(buf.getUnsignedInt(offset), buf.getUnsignedInt(offset + 4));
    }

    @Override
    public int encodedLength() {
        return 12;
    }

    @Override
    public void writeTo(ByteBuf out) {
        RtcpHeader.write(out, FMT, RtcpHeader.PSFB, 12);
        out.writeInt((int) senderSsrc);
        out.writeInt((int) mediaSsrc);
    }
}
