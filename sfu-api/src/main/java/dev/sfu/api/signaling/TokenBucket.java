package dev.sfu.api.signaling;

import java.util.function.LongSupplier;

/**
 * A token bucket (one token per message): it holds at most {@code burst} tokens and refills at {@code perSecond}.
 * Not thread-safe: one per signaling session, used on that session's context. The clock is injected (nanos) so
 * tests need not sleep.
 */
final class TokenBucket {
    private final LongSupplier nanos;
    private double perSecond;
    private double burst;
    private double tokens;
    private long lastNanos;

    TokenBucket(double perSecond, int burst, LongSupplier nanos) {
        this.nanos = nanos;
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nanos.getAsLong();
    }

    /** Takes one token if there is one. */
    boolean tryTake() {
        long now = nanos.getAsLong();
        tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * perSecond);
        lastNanos = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** A new rate and size, starting full (a session that has just joined gets the joined budget at once). */
    void reset(double newPerSecond, int newBurst) {
        perSecond = newPerSecond;
        burst = newBurst;
        tokens = newBurst;
        lastNanos = nanos.getAsLong();
    }
}
