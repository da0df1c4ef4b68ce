package dev.sfu.api.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The message budget of a signaling session, on an injected clock. */
class TokenBucketTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private int takeAll(TokenBucket bucket) {
        int taken = 0;
        while (bucket.tryTake()) {
            taken++;
        }
        return taken;
    }

    @Test
    void aBurstIsTheBucketThenTheRateRefillsIt() {
        TokenBucket bucket = new TokenBucket(50, 200, nanos::get);
        assertEquals(200, takeAll(bucket), "a full bucket");
        nanos.addAndGet(100_000_000L); // 100 ms at 50/s
        assertEquals(5, takeAll(bucket));
        nanos.addAndGet(60_000_000_000L); // a long pause refills only up to the size
        assertEquals(200, takeAll(bucket));
    }

    @Test
    void aSessionThatJoinedStartsWithTheJoinedBudget() {
        TokenBucket bucket = new TokenBucket(2, 10, nanos::get);
        assertEquals(10, takeAll(bucket));
        assertFalse(bucket.tryTake(), "the pre-join budget is spent");
        bucket.reset(50, 200);
        assertEquals(200, takeAll(bucket));
        nanos.addAndGet(20_000_000L); // 20 ms at 50/s: one message
        assertTrue(bucket.tryTake());
        assertFalse(bucket.tryTake());
    }
}
