package dev.sfu.core.time;

/**
 * A monotonic clock in nanoseconds. Timers in the media plane take one so tests can advance time
 * instead of sleeping.
 */
@FunctionalInterface
public interface MonotonicClock {
    long nanos();

    default long millis() {
        return nanos() / 1_000_000L;
    }

    static MonotonicClock system() {
        return System::nanoTime;
    }
}
