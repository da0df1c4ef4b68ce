package dev.sfu.loadtest;

/**
 * When churn is due: {@code perMinute} subscriber replacements a minute, evenly spaced from the start of the
 * measured window (the k-th at k x 60 / perMinute seconds; none at the start itself). Pure arithmetic on
 * nanoseconds since the window's start, so the schedule can be tested without a clock.
 */
record ChurnSchedule(int perMinute) {
    private static final long MINUTE_NANOS = 60_000_000_000L;

    ChurnSchedule {
        if (perMinute < 0) {
            throw new IllegalArgumentException("perMinute must be >= 0");
        }
    }

    boolean enabled() {
        return perMinute > 0;
    }

    /** Nanoseconds from the window's start at which the k-th replacement (1, 2, ...) is due. */
    long dueAtNanos(long k) {
        if (!enabled() || k < 1) {
            throw new IllegalArgumentException("no replacement " + k);
        }
        return Math.multiplyExact(k, MINUTE_NANOS) / perMinute;
    }

    /** How many replacements are due by this time since the window's start (0 when off). */
    long dueBy(long elapsedNanos) {
        if (!enabled() || elapsedNanos <= 0) {
            return 0;
        }
        long k = (long) ((double) elapsedNanos * perMinute / MINUTE_NANOS); // within one of the answer
        while (k > 0 && dueAtNanos(k) > elapsedNanos) {
            k--;
        }
        while (dueAtNanos(k + 1) <= elapsedNanos) {
            k++;
        }
        return k;
    }
}
