package dev.sfu.core.rtcp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Full intra request (RFC 5104 §4.3.1): PT=206, FMT=4. The media source SSRC in the common part is
 * 0 when written and ignored when read; the targets are in the FCI entries.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| FMT=4   |    PT=206     |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source (0)                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * FCI entry:
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                              SSRC                             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Seq nr.       |    Reserved                                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record FullIntraRequest(long senderSsrc, List<FullIntraRequest.Entry> entries) implements RtcpPacket {
    static final int FMT = 4;

    public FullIntraRequest {
        RtcpHeader.checkU32("senderSsrc", senderSsrc);
        entries = List.copyOf(entries);
    }

    /** One FCI entry: the SSRC asked for a decoder refresh and the command sequence number (8 bits). */
    public record Entry(long ssrc, int sequenceNumber) {
        public Entry {
            RtcpHeader.checkU32("ssrc", ssrc);
            RtcpHeader.checkRange("sequenceNumber", sequenceNumber, 0, 255);
        }
    }

    static FullIntraRequest parse(ByteBuf buf, int offset, int length) throws RtcpException {
        RtcpHeader.require(length >= 8, "FIR shorter than 12 bytes");
        int count = (length - 8) / 8;
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = offset + 8 + 8 * i;
            entries.add(new Entry(buf.getUnsignedInt(at), buf.getUnsignedByte(at + 4)));
        }
        return new FullIntraRequest(buf.getUnsignedInt(offset), entries);
    }

    @Override
    public int encodedLength() {
        return 12 + 8 * entries.size();
    }

    @Override
    public void writeTo(ByteBuf out) {
        RtcpHeader.write(out, FMT, RtcpHeader.PSFB, encodedLength());
        out.writeInt((int) senderSsrc);
        out.writeInt(0);
        for (Entry entry : entries) {
            out.writeInt((int) entry.ssrc());
            out.writeByte(entry.sequenceNumber());
            out.writeMedium(0);
        }
    }
}
