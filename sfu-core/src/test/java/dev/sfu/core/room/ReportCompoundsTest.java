package dev.sfu.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.rtcp.ReceiverEstimatedMaxBitrate;
import dev.sfu.core.rtcp.ReceiverReport;
import dev.sfu.core.rtcp.ReceptionReport;
import dev.sfu.core.rtcp.RtcpCompound;
import dev.sfu.core.rtcp.RtcpPacket;
import dev.sfu.core.rtcp.SenderReport;
import dev.sfu.core.rtcp.SourceDescription;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReportCompoundsTest {
    private static final String CNAME = "sfu-0123456789abcdef"; // 20 bytes: a 28-byte SDES chunk
    private static final long RTCP_SSRC = 0x5FC0L;

    @Test
    void oneCompoundWithSenderReportsReceiverReportCnameAndRemb() throws Exception {
        List<SenderReport> srs = List.of(sr(1), sr(2));
        List<ReceptionReport> blocks = List.of(block(11), block(12));
        RtcpPacket remb = new ReceiverEstimatedMaxBitrate(RTCP_SSRC, 2_500_000, List.of(11L, 12L));
        List<List<RtcpPacket>> compounds = ReportCompounds.pack(srs, RTCP_SSRC, blocks, remb, CNAME, 1100);
        assertEquals(1, compounds.size());
        List<RtcpPacket> packets = roundTrip(compounds.get(0));
        assertEquals(5, packets.size(), packets.toString());
        assertEquals(srs.get(0), packets.get(0));
        assertEquals(srs.get(1), packets.get(1));
        assertEquals(new ReceiverReport(RTCP_SSRC, blocks), packets.get(2));
        SourceDescription sdes = assertInstanceOf(SourceDescription.class, packets.get(3));
        assertEquals(List.of(1L, 2L, RTCP_SSRC), sdes.chunks().stream().map(SourceDescription.Chunk::ssrc).toList());
        assertEquals(CNAME, sdes.chunks().get(2).items().get(0).text());
        assertEquals(remb, packets.get(4));
        // 2 x SR 28 + RR 8 + 2 x 24 + SDES 4 + 3 x 28 + REMB 20 + 2 x 4
        assertEquals(56 + 56 + 88 + 28, encodedLength(compounds.get(0)));
    }

    @Test
    void manyStreamsSplitIntoCompoundsUnderTheBudgetEachStartingWithAReport() throws Exception {
        List<SenderReport> srs = new ArrayList<>();
        List<ReceptionReport> blocks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            srs.add(sr(100 + i));
            blocks.add(block(1000 + i));
        }
        RtcpPacket remb = new ReceiverEstimatedMaxBitrate(RTCP_SSRC, 1_000_000, List.of(1000L));
        List<List<RtcpPacket>> compounds = ReportCompounds.pack(srs, RTCP_SSRC, blocks, remb, CNAME, 1100);
        assertTrue(compounds.size() > 1);
        List<SenderReport> srsSeen = new ArrayList<>();
        List<ReceptionReport> blocksSeen = new ArrayList<>();
        int rembs = 0;
        for (List<RtcpPacket> compound : compounds) {
            assertTrue(encodedLength(compound) <= 1100, "compound of " + encodedLength(compound) + " bytes");
            List<RtcpPacket> packets = roundTrip(compound);
            assertTrue(packets.get(0) instanceof SenderReport || packets.get(0) instanceof ReceiverReport);
            Set<Long> reporting = new HashSet<>();
            Set<Long> described = new HashSet<>();
            for (RtcpPacket p : packets) {
                if (p instanceof SenderReport sr) {
                    srsSeen.add(sr);
                    reporting.add(sr.senderSsrc());
                } else if (p instanceof ReceiverReport rr) {
                    blocksSeen.addAll(rr.reports());
                    reporting.add(rr.senderSsrc());
                } else if (p instanceof SourceDescription sdes) {
                    sdes.chunks().forEach(c -> described.add(c.ssrc()));
                } else if (p instanceof ReceiverEstimatedMaxBitrate) {
                    rembs++;
                }
            }
            assertEquals(reporting, described, "a CNAME for every SSRC reporting in the compound");
        }
        assertEquals(srs, srsSeen);
        assertEquals(blocks, blocksSeen);
        assertEquals(1, rembs);
    }

    @Test
    void nothingToReportIsNoCompound() {
        assertEquals(List.of(), ReportCompounds.pack(List.of(), RTCP_SSRC, List.of(),
                new ReceiverEstimatedMaxBitrate(RTCP_SSRC, 1, List.of()), CNAME, 1100));
    }

    private static SenderReport sr(long ssrc) {
        return new SenderReport(ssrc, 0xE8FE_8F80_0000_0000L + ssrc, ssrc * 3, ssrc, ssrc * 100, List.of());
    }

    private static ReceptionReport block(long ssrc) {
        return new ReceptionReport(ssrc, 3, 17, 0x1_0005L, 42, 0x8F80_0000L, 0x0001_0000L);
    }

    private static int encodedLength(List<RtcpPacket> packets) {
        return packets.stream().mapToInt(RtcpPacket::encodedLength).sum();
    }

    private static List<RtcpPacket> roundTrip(List<RtcpPacket> packets) throws Exception {
        ByteBuf buf = RtcpCompound.encode(UnpooledByteBufAllocator.DEFAULT, packets);
        try {
            return RtcpCompound.parse(buf);
        } finally {
            buf.release();
        }
    }
}
