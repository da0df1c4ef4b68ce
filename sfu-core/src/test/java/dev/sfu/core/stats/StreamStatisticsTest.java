package dev.sfu.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.rtcp.ReceptionReport;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** RFC 3550 A.1, A.3, A.8 against values computed by hand. */
class StreamStatisticsTest {
    private static final long MS = 1_000_000L;
    private final StreamStatistics stats = new StreamStatistics(0xABCDEF01L, 8000);

    @Test
    void noReportBeforeAnyPacket() {
        assertNull(stats.receptionReport(0));
    }

    @Test
    void countsLossAndFractionPerInterval() {
        for (int seq = 0; seq < 10; seq++) {
            if (seq != 3 && seq != 4) {
                stats.onPacket(seq, 160L * seq, 20 * MS * seq, 100);
            }
        }
        ReceptionReport first = stats.receptionReport(200 * MS);
        // expected 10 (0..9), received 8: lost 2, fraction 2 x 256 / 10 = 51
        assertEquals(new ReceptionReport(0xABCDEF01L, 51, 2, 9, 0, 0, 0), first);
        for (int seq = 10; seq < 20; seq++) {
            stats.onPacket(seq, 160L * seq, 20 * MS * seq, 100);
        }
        ReceptionReport second = stats.receptionReport(400 * MS);
        assertEquals(0, second.fractionLost()); // none lost in this interval
        assertEquals(2, second.cumulativeLost());
        assertEquals(19, second.extendedHighestSequence());
        assertEquals(18, stats.packetsReceived());
        assertEquals(1800, stats.bytesReceived());
    }

    @Test
    void latePacketReducesTheIntervalLoss() {
        stats.onPacket(0, 0, 0, 100);
        stats.onPacket(2, 320, 40 * MS, 100);
        stats.onPacket(3, 480, 60 * MS, 100);
        stats.onPacket(1, 160, 65 * MS, 100); // reordered
        assertEquals(0, stats.receptionReport(100 * MS).fractionLost());
        assertEquals(0, stats.cumulativeLost());
    }

    @Test
    void extendsTheSequenceNumberAcrossTheWrap() {
        for (int i = 0; i < 12; i++) {
            stats.onPacket((65530 + i) & 0xFFFF, 160L * i, 20 * MS * i, 100);
        }
        // 65530..65535, 0..5: one cycle, highest 5
        assertEquals(65536 + 5, stats.extendedHighestSequence());
        assertEquals(0, stats.cumulativeLost());
    }

    @Test
    void ignoresOneWildJumpButFollowsARestartedSource() {
        stats.onPacket(100, 0, 0, 100);
        stats.onPacket(101, 160, 20 * MS, 100);
        stats.onPacket(30_000, 320, 40 * MS, 100); // a jump over MAX_DROPOUT: ignored once
        assertEquals(101, stats.extendedHighestSequence());
        assertEquals(2, stats.packetsReceived());
        stats.onPacket(30_001, 480, 60 * MS, 100); // confirmed: the source restarted
        assertEquals(30_001, stats.extendedHighestSequence());
        assertEquals(0, stats.cumulativeLost());
    }

    @Test
    void interarrivalJitterFollowsRfc3550A8() {
        // 8 kHz, 20 ms (160 units) apart; the third packet arrives 5 ms (40 units) late
        stats.onPacket(0, 0, 0, 100);        // transit 0
        stats.onPacket(1, 160, 20 * MS, 100); // transit 0, D 0: J16 = 0
        stats.onPacket(2, 320, 45 * MS, 100); // transit 40, D 40: J16 += 40 - ((0 + 8) >> 4) = 40
        assertEquals(2, stats.jitter());      // 40 >> 4
        stats.onPacket(3, 480, 60 * MS, 100); // transit 0, D 40: J16 += 40 - ((40 + 8) >> 4) = 77
        assertEquals(4, stats.jitter());      // 77 >> 4
        assertEquals(77 / 16.0 / 8000, stats.jitterSeconds(), 1e-12);
        assertEquals(4, stats.receptionReport(100 * MS).jitter());
    }

    @Test
    void echoesTheLastSenderReportWithItsDelay() {
        stats.onPacket(0, 0, 0, 100);
        stats.onSenderReport(0xB44DB705_20000000L, 1_000 * MS);
        ReceptionReport report = stats.receptionReport(6_250 * MS);
        assertEquals(0xB7052000L, report.lastSenderReport()); // middle 32 bits
        assertEquals(0x00054000L, report.delaySinceLastSenderReport()); // 5.25 s x 65536
    }

    @Test
    void clampsCumulativeLostTo24Bits() {
        StreamStatistics video = new StreamStatistics(1, 90000);
        video.onPacket(0, 0, 0, 1);
        for (int i = 1; i <= 5000; i++) {
            video.onPacket((i * 2000) & 0xFFFF, 0, i * MS, 1); // every 2000th packet arrives
        }
        // expected 5000 x 2000 + 1, received 5001: 9995000 lost, more than the field holds
        assertEquals(0x7FFFFF, video.cumulativeLost());
        assertEquals(0x7FFFFF, video.receptionReport(6_000 * MS).cumulativeLost());
    }

    @Test
    void recordingAPacketAllocatesNothing() {
        for (int i = 0; i < 100_000; i++) {
            stats.onPacket(i & 0xFFFF, 160L * i, 20 * MS * i, 100);
        }
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = bean.getCurrentThreadAllocatedBytes();
        for (int i = 100_000; i < 300_000; i++) {
            stats.onPacket(i & 0xFFFF, 160L * i, 20 * MS * i, 100);
        }
        assertTrue(bean.getCurrentThreadAllocatedBytes() - before < 1024);
    }
}
