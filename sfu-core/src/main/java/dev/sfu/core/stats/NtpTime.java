package dev.sfu.core.stats;

/**
 * NTP timestamps (RFC 3550 §4, RFC 5905): 32 bits of seconds since 1900-01-01 and 32 bits of fraction,
 * and the "middle 32 bits" (16.16 fixed point) that receiver reports echo as LSR and count DLSR in.
 */
public final class NtpTime {
    /** Seconds from 1900-01-01 (NTP era 0) to 1970-01-01 (Unix epoch). */
    public static final long UNIX_EPOCH_OFFSET_SECONDS = 2_208_988_800L;

    private NtpTime() {}

    /** The 64-bit NTP timestamp of {@code unixNanos} nanoseconds since the Unix epoch. */
    public static long fromUnixNanos(long unixNanos) {
        long seconds = Math.floorDiv(unixNanos, 1_000_000_000L);
        long nanos = Math.floorMod(unixNanos, 1_000_000_000L);
        long fraction = (nanos << 32) / 1_000_000_000L;
        return ((seconds + UNIX_EPOCH_OFFSET_SECONDS) << 32) | fraction;
    }

    /** Nanoseconds since 1900-01-01 of a 64-bit NTP timestamp (era 0; fits a long until 2192). */
    public static long toNanos(long ntp) {
        long seconds = ntp >>> 32;
        long fraction = ntp & 0xFFFF_FFFFL;
        return seconds * 1_000_000_000L + (fraction * 1_000_000_000L >>> 32);
    }

    /** The middle 32 bits of a 64-bit NTP timestamp (16 bits of seconds, 16 of fraction). */
    public static long middle32(long ntp) {
        return (ntp >>> 16) & 0xFFFF_FFFFL;
    }

    /** A duration in 1/65536 s (the unit of DLSR and of middle-32 differences) from nanoseconds. */
    public static long toUnits65536(long nanos) {
        return (nanos << 16) / 1_000_000_000L;
    }

    /** Nanoseconds from a duration in 1/65536 s. */
    public static long fromUnits65536(long units) {
        return units * 1_000_000_000L >> 16;
    }
}
