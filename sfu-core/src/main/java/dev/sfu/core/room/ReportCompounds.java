package dev.sfu.core.room;

import dev.sfu.core.rtcp.ReceiverReport;
import dev.sfu.core.rtcp.ReceptionReport;
import dev.sfu.core.rtcp.RtcpPacket;
import dev.sfu.core.rtcp.SenderReport;
import dev.sfu.core.rtcp.SourceDescription;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs one report interval's SRs and report blocks into compound RTCP packets (RFC 3550 §6.1): each starts
 * with an SR or RR, carries an SDES CNAME chunk for every SSRC reporting in it (RFC 8108 §5.3: one CNAME for
 * all our streams to a participant), and stays within a byte budget so it fits a datagram.
 *
 * <pre>
 *   [SR ssrc1][SR ssrc2]...[RR rtcpSsrc, &lt;=31 blocks][SDES ssrc1, ssrc2, ..., rtcpSsrc][REMB]   &lt;= maxBytes
 *   [SR ...]...[SDES ...]                                                            next compound
 * </pre>
 *
 * The REMB (if any) follows the first RR. Stateless; allocates (runs per report interval, not per packet).
 */
final class ReportCompounds {
    private static final int HEADER_BYTES = 4;
    private static final int BLOCK_BYTES = 24;
    private static final int RR_BYTES = 8;

    private ReportCompounds() {}

    /**
     * @param remb sent once, after the first RR; null for none
     * @return the compounds, each a list of packets in order; empty when there is nothing to report
     */
    static List<List<RtcpPacket>> pack(List<SenderReport> senderReports, long rtcpSsrc, List<ReceptionReport> blocks,
            RtcpPacket remb, String cname, int maxBytes) {
        int chunkBytes = (4 + 2 + cname.getBytes(StandardCharsets.UTF_8).length + 1 + 3) & ~3;
        List<List<RtcpPacket>> compounds = new ArrayList<>();
        Compound current = new Compound(cname);
        for (SenderReport sr : senderReports) {
            int length = sr.encodedLength() + chunkBytes;
            if (!current.isEmpty() && current.bytes + length > maxBytes) {
                compounds.add(current.finish());
                current = new Compound(cname);
            }
            current.add(sr, sr.senderSsrc(), length);
        }
        RtcpPacket pendingRemb = blocks.isEmpty() ? null : remb;
        int index = 0;
        while (index < blocks.size()) {
            int fixed = RR_BYTES + chunkBytes + (pendingRemb == null ? 0 : pendingRemb.encodedLength());
            int room = Math.min(31, (maxBytes - current.bytes - fixed) / BLOCK_BYTES);
            if (room < 1 && !current.isEmpty()) {
                compounds.add(current.finish());
                current = new Compound(cname);
                continue;
            }
            int take = Math.min(Math.max(1, room), blocks.size() - index);
            ReceiverReport rr = new ReceiverReport(rtcpSsrc, blocks.subList(index, index + take));
            current.add(rr, rtcpSsrc, rr.encodedLength() + chunkBytes);
            index += take;
            if (pendingRemb != null) {
                current.trailer.add(pendingRemb);
                current.bytes += pendingRemb.encodedLength();
                pendingRemb = null;
            }
        }
        if (!current.isEmpty()) {
            compounds.add(current.finish());
        }
        return compounds;
    }

    /** One compound being filled: reports first, then the SDES, then other feedback. */
    private static final class Compound {
        private final SourceDescription.Item cname;
        private final List<RtcpPacket> reports = new ArrayList<>();
        private final List<SourceDescription.Chunk> chunks = new ArrayList<>();
        private final List<RtcpPacket> trailer = new ArrayList<>();
        private int bytes = HEADER_BYTES; // the SDES header

        Compound(String cname) {
            this.cname = new SourceDescription.Item(SourceDescription.CNAME, cname);
        }

        boolean isEmpty() {
            return reports.isEmpty();
        }

        void add(RtcpPacket report, long ssrc, int length) {
            reports.add(report);
            boolean known = false;
            for (SourceDescription.Chunk chunk : chunks) {
                known |= chunk.ssrc() == ssrc;
            }
            if (!known) {
                chunks.add(new SourceDescription.Chunk(ssrc, List.of(cname)));
            }
            bytes += known ? report.encodedLength() : length;
        }

        List<RtcpPacket> finish() {
            List<RtcpPacket> packets = new ArrayList<>(reports);
            packets.add(new SourceDescription(chunks));
            packets.addAll(trailer);
            return packets;
        }
    }
}
