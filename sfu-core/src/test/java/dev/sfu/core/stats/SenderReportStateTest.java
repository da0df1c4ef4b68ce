package dev.sfu.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sfu.core.rtcp.ReceptionReport;
import dev.sfu.core.rtcp.SenderReport;
import dev.sfu.core.testing.ManualClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SenderReportStateTest {
    private final ManualClock clock = new ManualClock();

    private static Clock wallAt(long unixSeconds, long nanos) {
        return Clock.fixed(Instant.ofEpochSecond(unixSeconds, nanos), ZoneOffset.UTC);
    }

    @Test
    void convertsUnixTimeToNtp() {
        // 1970-01-01 is 2208988800 s = 0x83AA7E80 after 1900; half a second is fraction 0x80000000
        assertEquals(0x83AA7E80_00000000L, NtpTime.fromUnixNanos(0));
        assertEquals(0x83AA7E80_80000000L, NtpTime.fromUnixNanos(500_000_000L));
        assertEquals(0x83AA7E81_40000000L, NtpTime.fromUnixNanos(1_250_000_000L));
        assertEquals(0x7E81_4000L, NtpTime.middle32(0x83AA7E81_40000000L));
        assertEquals(0x00054000L, NtpTime.toUnits65536(5_250_000_000L));
        assertEquals(6_125_000_000L, NtpTime.fromUnits65536(0x62000));
    }

    @Test
    void reportsCountsNtpAndExtrapolatedRtpTimestamp() {
        SenderReportState sr = new SenderReportState(0x1234, 90_000, clock, wallAt(1_000_000_000L, 0));
        sr.onPacketSent(0xFFFF_FF00L, 1000);
        clock.advance(10, TimeUnit.MILLISECONDS);
        sr.onPacketSent(1000, 1100);
        clock.advance(100, TimeUnit.MILLISECONDS);
        SenderReport report = sr.senderReport(List.of());
        // 110 ms after the wall clock was read: 1e9 + 2208988800 s, fraction 0.11 x 2^32
        assertEquals(((1_000_000_000L + 2_208_988_800L) << 32) | (110_000_000L << 32) / 1_000_000_000L,
                report.ntpTimestamp());
        assertEquals(1000 + 9000, report.rtpTimestamp()); // 100 ms at 90 kHz after the last packet
        assertEquals(2, report.packetCount());
        assertEquals(2100, report.octetCount());
        assertEquals(0x1234, report.senderSsrc());
    }

    @Test
    void rtpTimestampWrapsInTheReport() {
        SenderReportState sr = new SenderReportState(1, 48_000, clock, wallAt(0, 0));
        sr.onPacketSent(0xFFFF_FFF0L, 10);
        clock.advance(1, TimeUnit.MILLISECONDS);
        assertEquals(0xFFFF_FFF0L + 48 - (1L << 32), sr.senderReport(List.of()).rtpTimestamp());
    }

    @Test
    void roundTripTimeFromRfc3550Figure2() {
        // our NTP clock at arrival must read 0x....b710:8000: NTP seconds 0xE000B710 plus half a second
        long unixSeconds = 0xE000B710L - NtpTime.UNIX_EPOCH_OFFSET_SECONDS;
        SenderReportState sr = new SenderReportState(7, 90_000, clock, wallAt(unixSeconds, 500_000_000L));
        ReceptionReport block = new ReceptionReport(7, 0, 0, 0, 0, 0xB7052000L, 0x00054000L);
        assertEquals(6_125_000_000L, sr.onReceptionReport(block, clock.nanos()));
        assertEquals(6_125_000_000L, sr.rttNanos());
        assertEquals(block, sr.lastReceptionReport());
    }

    @Test
    void roundTripOfOurOwnSenderReport() {
        SenderReportState sr = new SenderReportState(7, 90_000, clock, wallAt(1_700_000_000L, 0));
        sr.onPacketSent(0, 100);
        SenderReport report = sr.senderReport(List.of());
        long lsr = NtpTime.middle32(report.ntpTimestamp());
        clock.advance(80, TimeUnit.MILLISECONDS); // 30 ms there, 20 ms held at the receiver, 30 ms back
        long rtt = sr.onReceptionReport(new ReceptionReport(7, 0, 0, 0, 0, lsr, NtpTime.toUnits65536(20_000_000L)),
                clock.nanos());
        assertEquals(60_000_000L, rtt, 50_000); // 1/65536 s resolution
    }

    @Test
    void noRttWithoutLsrOrWhenNegative() {
        SenderReportState sr = new SenderReportState(7, 90_000, clock, wallAt(1_700_000_000L, 0));
        assertEquals(-1, sr.onReceptionReport(new ReceptionReport(7, 0, 0, 0, 0, 0, 0), clock.nanos()));
        long now = NtpTime.middle32(sr.ntpAt(clock.nanos()));
        assertEquals(-1, sr.onReceptionReport(new ReceptionReport(7, 0, 0, 0, 0, now, 0x10000), clock.nanos()));
        assertEquals(-1, sr.rttNanos());
    }
}
