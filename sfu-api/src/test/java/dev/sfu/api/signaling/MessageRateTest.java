package dev.sfu.api.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-session message budget: small before join, the joined one (full) after, on an injected clock. */
class MessageRateTest {
    private static final SignalingLimits LIMITS = new SignalingLimits(2, 3, 1024 * 1024, 50, 200,
            Duration.ofSeconds(10), Duration.ofSeconds(25), List.of());

    @Test
    void beforeJoinTheSmallBurstThenTheRefusalNamesThePreJoinRate() {
        AtomicLong nanos = new AtomicLong();
        MessageRate rate = new MessageRate(LIMITS, nanos::get);
        for (int i = 0; i < 3; i++) {
            assertTrue(rate.admit(), "message " + i + " within the burst");
        }
        assertFalse(rate.admit(), "the fourth at once");
        assertEquals("more than 2 messages/s before join (bursts of 3)", rate.exceeded());
        nanos.addAndGet(500_000_000);
        assertTrue(rate.admit(), "half a second at 2/s refills one");
    }

    @Test
    void afterJoinTheJoinedBudgetStartsFullAndTheRefusalNamesIt() {
        AtomicLong nanos = new AtomicLong();
        MessageRate rate = new MessageRate(LIMITS.withMessageRate(12.5, 200), nanos::get);
        for (int i = 0; i < 3; i++) {
            rate.admit();
        }
        rate.joined();
        for (int i = 0; i < 200; i++) {
            assertTrue(rate.admit(), "message " + i + " within the joined burst");
        }
        assertFalse(rate.admit());
        assertEquals("more than 12.5 messages/s (bursts of 200)", rate.exceeded());
    }
}
