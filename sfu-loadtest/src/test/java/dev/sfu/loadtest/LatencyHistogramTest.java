package dev.sfu.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void bucketsAreExactBelow64MicrosAndWithinThreePercentAbove() {
        for (long us = 0; us < 64; us++) {
            assertEquals(us, LatencyHistogram.lowerBound(LatencyHistogram.index(us)));
        }
        for (long us = 64; us < 50_000_000L; us = us * 3 / 2 + 1) {
            long low = LatencyHistogram.lowerBound(LatencyHistogram.index(us));
            assertTrue(low <= us && us - low <= us / 32 + 1, us + " -> " + low);
        }
    }

    @Test
    void percentilesOfUniformValues() {
        LatencyHistogram h = new LatencyHistogram();
        for (int us = 1; us <= 1000; us++) {
            h.recordNanos(us * 1000L);
        }
        LatencyHistogram.Snapshot s = h.snapshot();
        assertEquals(1000, s.count());
        assertWithin(500, s.percentile(0.5));
        assertWithin(950, s.percentile(0.95));
        assertWithin(990, s.percentile(0.99));
        assertWithin(1000, s.max());
    }

    @Test
    void snapshotsSubtractToAnInterval() {
        LatencyHistogram h = new LatencyHistogram();
        h.recordNanos(10_000);
        LatencyHistogram.Snapshot before = h.snapshot();
        h.recordNanos(2_000_000);
        h.recordNanos(-5); // a clock step backwards is ignored
        LatencyHistogram.Snapshot interval = h.snapshot().minus(before);
        assertEquals(1, interval.count());
        assertWithin(2000, interval.percentile(0.5));
        assertEquals(-1, LatencyHistogram.Snapshot.empty().percentile(0.5));
    }

    private static void assertWithin(long expected, long actual) {
        assertTrue(actual <= expected && expected - actual <= expected / 32 + 1, expected + " vs " + actual);
    }
}
