package dev.sfu.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sfu.core.rtcp.ReceptionReport;
import dev.sfu.core.testing.ManualClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StatsSnapshotTest {

    @Test
    void incomingSnapshotCarriesTheReportFigures() {
        StreamStatistics stats = new StreamStatistics(9, 90_000);
        for (int seq = 0; seq < 8; seq++) {
            if (seq != 4) {
                stats.onPacket(seq, 3000L * seq, seq * 33_000_000L, 1000);
            }
        }
        stats.receptionReport(300_000_000L);
        IncomingStreamStats snapshot = IncomingStreamStats.of(stats, 3, 1, 240_000, 42_000_000L);
        assertEquals(new IncomingStreamStats(9, 7, 7000, 1, 32 / 256.0, stats.jitterSeconds(), 3, 1, 240_000, 42.0),
                snapshot);
    }

    @Test
    void outgoingSnapshotCarriesTheReceiversReport() {
        ManualClock clock = new ManualClock();
        SenderReportState state = new SenderReportState(5, 90_000, clock,
                Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC));
        state.onPacketSent(0, 1200);
        state.onReceptionReport(new ReceptionReport(5, 64, 12, 100, 30, 0, 0), clock.nanos());
        assertEquals(new OutgoingStreamStats(5, 1, 1200, 12, 0.25, 30, -1, 4, 3, 2, 800_000, 1_500_000),
                OutgoingStreamStats.of(state, 4, 3, 2, 800_000, 1_500_000));
    }
}
