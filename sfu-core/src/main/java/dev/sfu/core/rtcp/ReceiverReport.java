package dev.sfu.core.rtcp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Receiver report (RFC 3550 §6.4.2). Profile-specific extensions after the report blocks are ignored.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|    RC   |   PT=RR=201   |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     SSRC of packet sender                     |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 report blocks (RC x 24 bytes)                 |
 * </pre>
 */
public record ReceiverReport(long senderSsrc, List<ReceptionReport> reports) implements RtcpPacket {

    public ReceiverReport {
        RtcpHeader.checkU32("senderSsrc", senderSsrc);
        reports = List.copyOf(reports);
        RtcpHeader.checkRange("reports", reports.size(), 0, 31);
    }

    static ReceiverReport parse(ByteBuf buf, int count, int offset, int length) throws RtcpException {
        RtcpHeader.require(length >= 4 + count * ReceptionReport.LENGTH, "RR shorter than its report count");
        List<ReceptionReport> reports = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            reports.add(ReceptionReport.read(buf, offset + 4 + i * ReceptionReport.LENGTH));
        }
        return new ReceiverReport(buf.getUnsignedInt(offset), reports);
    }

    @Override
    public int encodedLength() {
        return RtcpHeader.LENGTH + 4 + reports.size() * ReceptionReport.LENGTH;
    }

    @Override
    public void writeTo(ByteBuf out) {
        RtcpHeader.write(out, reports.size(), RtcpHeader.RR, encodedLength());
        out.writeInt((int) senderSsrc);
        for (ReceptionReport report : reports) {
            report.writeTo(out);
        }
    }
}
