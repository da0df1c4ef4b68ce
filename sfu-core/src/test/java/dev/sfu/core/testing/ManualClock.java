package dev.sfu.core.testing;

import dev.sfu.core.time.MonotonicClock;
import java.util.concurrent.TimeUnit;

/** A clock that moves only when a test advances it. */
public final class ManualClock implements MonotonicClock {
    private volatile long nanos = 1_000_000_000L;

    @Override
    public long nanos() {
        return nanos;
    }

    public void advance(long amount, TimeUnit unit) {
        nanos += unit.toNanos(amount);
    }
}
