package dev.sfu.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SenderClockTest {
    @Test
    void ntpTimestampToNanosecondsSince1900() {
        assertEquals(0, NtpTime.toNanos(0));
        assertEquals(1_500_000_000L, NtpTime.toNanos(1L << 32 | 0x8000_0000L));
        // the RFC 3550 §6.4.1 example: 0xb44db705:20000000 = 3 024 992 005.125 s
        assertEquals(3_024_992_005_125_000_000L, NtpTime.toNanos(0xB44D_B705_2000_0000L));
        long unix = 1_700_000_000_123_456_789L;
        assertEquals(unix + NtpTime.UNIX_EPOCH_OFFSET_SECONDS * 1_000_000_000L,
                NtpTime.toNanos(NtpTime.fromUnixNanos(unix)), 1);
    }

    @Test
    void remoteClockIsAnchoredOnceByItsFirstSr() {
        RemoteNtpClock remote = new RemoteNtpClock();
        assertFalse(remote.anchored());
        long ntp = 100L << 32; // 100 s after 1900
        assertEquals(5_000_000_000L, remote.toMonoNanos(ntp, 5_000_000_000L));
        assertTrue(remote.anchored());
        // a later SR says 1.25 s later; it arrives 1.3 s later (more delay): placed by the anchor, not its arrival
        assertEquals(6_250_000_000L, remote.toMonoNanos(101L << 32 | 0x4000_0000L, 6_300_000_000L));
    }

    @Test
    void rtpTimestampAdvancesAtTheClockRateAndWraps() {
        SenderClock clock = new SenderClock(48_000);
        assertFalse(clock.known());
        clock.update(0xFFFF_FF00L, 1_000_000_000L);
        assertTrue(clock.known());
        assertEquals(0xFFFF_FF00L, clock.rtpAt(1_000_000_000L));
        assertEquals(0xFFFF_FF00L + 480 - (1L << 32), clock.rtpAt(1_010_000_000L)); // 10 ms = 480 ticks
        assertEquals(0xFFFF_FF00L - 48, clock.rtpAt(999_000_000L)); // before the SR: behind it
    }
}
