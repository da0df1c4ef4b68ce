package dev.sfu.core.stats;

import dev.sfu.core.time.MonotonicClock;
import java.time.Clock;
import java.time.Instant;

/**
 * Our NTP clock for sender reports: the wall clock read once, then advanced by the monotonic clock, so it
 * never jumps when the system clock is stepped. One instance serves every stream of the server, so all
 * our SRs speak of one NTP timeline (what a receiver needs to line up audio and video).
 *
 * <p>Immutable, thread-safe.
 */
public final class NtpClock {
    private final MonotonicClock clock;
    private final long wallNanosAtStart;
    private final long monoAtStart;

    public NtpClock(MonotonicClock clock, Clock wallClock) {
        this.clock = clock;
        Instant now = wallClock.instant();
        this.wallNanosAtStart = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        this.monoAtStart = clock.nanos();
    }

    public static NtpClock system(MonotonicClock clock) {
        return new NtpClock(clock, Clock.systemUTC());
    }

    public MonotonicClock monotonic() {
        return clock;
    }

    /** The 64-bit NTP timestamp at monotonic time {@code monoNanos}. */
    public long ntpAt(long monoNanos) {
        return NtpTime.fromUnixNanos(wallNanosAtStart + (monoNanos - monoAtStart));
    }
}
