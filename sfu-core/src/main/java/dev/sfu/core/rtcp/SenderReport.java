package dev.sfu.core.rtcp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Sender report (RFC 3550 §6.4.1). Profile-specific extensions after the report blocks are ignored.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|    RC   |   PT=SR=200   |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         SSRC of sender                        |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |              NTP timestamp, most significant word             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             NTP timestamp, least significant word             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         RTP timestamp                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     sender's packet count                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      sender's octet count                     |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 report blocks (RC x 24 bytes)                 |
 * </pre>
 *
 * @param ntpTimestamp the 64-bit NTP timestamp as raw bits (seconds in the high word)
 */
public record SenderReport(
        long senderSsrc,
        long ntpTimestamp,
        long rtpTimestamp,
        long packetCount,
        long octetCount,
        List<ReceptionReport> reports)
        implements RtcpPacket {

    public SenderReport {
        RtcpHeader.checkU32("senderSsrc", senderSsrc);
        RtcpHeader.checkU32("rtpTimestamp", rtpTimestamp);
        RtcpHeader.checkU32("packetCount", packetCount);
        RtcpHeader.checkU32("octetCount", octetCount);
        reports = List.copyOf(reports);
        RtcpHeader.checkRange("reports", reports.size(), 0, 31);
    }

    static SenderReport parse(ByteBuf buf, int count, int offset, int length) throws RtcpException {
        RtcpHeader.require(length >= 24 + count * ReceptionReport.LENGTH, "SR shorter than its report count");
        List<ReceptionReport> reports = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            reports.add(ReceptionReport.read(buf, offset + 24 + i * ReceptionReport.LENGTH));
        }
        return new SenderReport(
                buf.getUnsignedInt(offset),
                buf.getLong(offset + 4),
                buf.getUnsignedInt(offset + 12),
                buf.getUnsignedInt(offset + 16),
                buf.getUnsignedInt(offset + 20),
                reports);
    }

    @Override
    public int encodedLength() {
        return RtcpHeader.LENGTH + 24 + reports.size() * ReceptionReport.LENGTH;
    }

    @Override
    public void writeTo(ByteBuf out) {
        RtcpHeader.write(out, reports.size(), RtcpHeader.SR, encodedLength());
        out.writeInt((int) senderSsrc);
        out.writeLong(ntpTimestamp);
        out.writeInt((int) rtpTimestamp);
        out.writeInt((int) packetCount);
        out.writeInt((int) octetCount);
        for (ReceptionReport report : reports) {
            report.writeTo(out);
        }
    }
}
