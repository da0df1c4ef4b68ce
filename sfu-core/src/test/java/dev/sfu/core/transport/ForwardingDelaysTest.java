package dev.sfu.core.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ForwardingDelaysTest {
    @Test
    void countsEachDelayInTheFirstBucketWhoseBoundHoldsIt() {
        ForwardingDelays delays = new ForwardingDelays();
        double[] bounds = ForwardingDelays.boundsSeconds();
        assertEquals(50e-6, bounds[0], 1e-12);
        assertEquals(1e-3, bounds[8], 1e-12);
        delays.record(10_000);          // 10 us
        delays.record(50_000);          // 50 us: on the bound, still the first bucket
        delays.record(50_001_000);      // 50.001 ms: beyond the last bound
        delays.record(999_000);         // 999 us
        long[] cumulative = new long[bounds.length + 1];
        for (int i = 0; i < cumulative.length; i++) {
            cumulative[i] = delays.countAtMost(i);
        }
        assertArrayEquals(new long[] {2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 4}, cumulative);
        assertEquals(4, delays.count());
        assertEquals((10_000 + 50_000 + 50_001_000 + 999_000) / 1e9, delays.totalSeconds(), 1e-12);
    }

    @Test
    void aChunkOfCopiesCountsEachCopyWithTheChunksDelay() {
        ForwardingDelays delays = new ForwardingDelays();
        delays.record(450_000, 32);     // 450 us, 32 copies handed over together
        delays.record(1_100_000, 5);    // 1.1 ms, 5 copies
        assertEquals(0, delays.countAtMost(4));   // <= 400 us
        assertEquals(32, delays.countAtMost(5));  // <= 500 us
        assertEquals(32, delays.countAtMost(8));  // <= 1 ms
        assertEquals(37, delays.countAtMost(9));  // <= 1.25 ms
        assertEquals(37, delays.count());
        assertEquals((32 * 450_000L + 5 * 1_100_000L) / 1e9, delays.totalSeconds(), 1e-12);
    }
}
