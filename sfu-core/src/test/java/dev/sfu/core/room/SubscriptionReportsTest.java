package dev.sfu.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.rtcp.ReceptionReport;
import dev.sfu.core.rtcp.SenderReport;
import dev.sfu.core.stats.NtpClock;
import dev.sfu.core.stats.NtpTime;
import dev.sfu.core.stats.RemoteNtpClock;
import dev.sfu.core.stats.SenderClock;
import dev.sfu.core.testing.ManualClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fields of a subscription's SRs against hand-computed values (RFC 3550 §6.4.1). */
class SubscriptionReportsTest {
    /** Our wall clock reads 2023-11-14T22:13:20Z (Unix 1 700 000 000) when the NTP clock starts. */
    private static final long UNIX_SECONDS = 1_700_000_000L;
    /** ... which is NTP seconds 1 700 000 000 + 2 208 988 800 = 3 908 988 800 = 0xE8FE_6F80. */
    private static final long NTP_SECONDS = 0xE8FE_6F80L;

    private final ManualClock clock = new ManualClock();
    private final long start = clock.nanos();
    private final NtpClock ntp = new NtpClock(clock, Clock.fixed(Instant.ofEpochSecond(UNIX_SECONDS), ZoneOffset.UTC));
    private final SubscriptionReports reports = new SubscriptionReports(0xABCDL, 90_000, ntp);

    @Test
    void noReportBeforeAnythingWasSent() {
        assertFalse(reports.hasSent());
    }

    @Test
    void beforeThePublishersFirstSrTheSfusClockExtrapolatesTheLastTimestampSent() {
        reports.onSent(1000, 500, 532, clock.nanos());
        clock.advance(20, TimeUnit.MILLISECONDS);
        SenderReport sr = reports.senderReport(clock.nanos(), new SenderClock(90_000), 0x1234);
        assertEquals(0xABCDL, sr.senderSsrc());
        // 20 ms after the NTP clock started: fraction 0.02 x 2^32 = 85 899 345 (0x051E_B851)
        assertEquals(NTP_SECONDS << 32 | 0x051E_B851L, sr.ntpTimestamp());
        assertEquals(1000 + 1800, sr.rtpTimestamp()); // 20 ms at 90 kHz since the last packet
        assertEquals(1, sr.packetCount());
        assertEquals(500, sr.octetCount()); // payload octets only
        assertTrue(reports.hasSent());
    }

    @Test
    void afterThePublishersSrTheForwardedStreamCarriesItsMappingThroughTheRewriterOffset() {
        reports.onSent(7, 100, 120, clock.nanos());
        // The publisher's clock is 10 s ahead of ours; its SR for layer 0 says RTP 50 000 at its NTP
        // 1 700 000 010.000 s (Unix) and arrives now (our mono = start).
        RemoteNtpClock publisher = new RemoteNtpClock();
        SenderClock layer0 = new SenderClock(90_000);
        long publisherNtp = NtpTime.fromUnixNanos((UNIX_SECONDS + 10) * 1_000_000_000L);
        layer0.update(50_000, publisher.toMonoNanos(publisherNtp, clock.nanos()));
        // Its SR for layer 2, 50 ms later on its clock: RTP 700 000 (the layers' timestamps are unrelated).
        SenderClock layer2 = new SenderClock(90_000);
        long publisherNtp2 = NtpTime.fromUnixNanos((UNIX_SECONDS + 10) * 1_000_000_000L + 50_000_000L);
        clock.advance(70, TimeUnit.MILLISECONDS); // arrives 70 ms later: the anchor stays the first SR's
        layer2.update(700_000, publisher.toMonoNanos(publisherNtp2, clock.nanos()));
        assertEquals(start + 50_000_000L, publisher.toMonoNanos(publisherNtp2, 0), 1); // NTP fractions truncate

        clock.advance(30, TimeUnit.MILLISECONDS); // now = start + 100 ms
        // Layer 0 forwarded with offset 0xFFFF_0000: 50 000 + 100 ms x 90 = 59 000 = 0xE678, + 0xFFFF_0000
        SenderReport onLayer0 = reports.senderReport(clock.nanos(), layer0, 0xFFFF_0000L);
        assertEquals(0xFFFF_E678L, onLayer0.rtpTimestamp());
        // 100 ms after our NTP clock started: fraction 0.1 x 2^32 = 429 496 729 (0x1999_9999)
        assertEquals(NTP_SECONDS << 32 | 0x1999_9999L, onLayer0.ntpTimestamp());
        // After a switch to layer 2 with offset 12 345: 700 000 + 50 ms x 90 = 704 500, + 12 345
        SenderReport onLayer2 = reports.senderReport(clock.nanos(), layer2, 12_345);
        assertEquals(716_845, onLayer2.rtpTimestamp());
        assertEquals(onLayer0.ntpTimestamp(), onLayer2.ntpTimestamp());
    }

    @Test
    void roundTripTimeFromTheReceiversBlockReachesTheReports() {
        reports.onSent(0, 100, 120, clock.nanos());
        SenderReport sr = reports.senderReport(clock.nanos(), (SenderClock) null, 0);
        clock.advance(45, TimeUnit.MILLISECONDS); // 20 ms there, 5 ms held, 20 ms back
        long rtt = reports.onReceptionReport(new ReceptionReport(0xABCDL, 0, 0, 1, 0,
                NtpTime.middle32(sr.ntpTimestamp()), NtpTime.toUnits65536(5_000_000L)), clock.nanos());
        assertEquals(40_000_000L, rtt, 50_000); // 1/65536 s resolution
        assertEquals(rtt, reports.rttNanos());
    }

    @Test
    void countsFeedback() {
        reports.onNack(3);
        reports.onNack(1);
        reports.onPli();
        reports.onFir();
        assertEquals(2, reports.nacksReceived());
        assertEquals(4, reports.nackedPackets());
        assertEquals(1, reports.plisReceived());
        assertEquals(1, reports.firsReceived());
    }
}
