package dev.sfu.core.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SentPacketHistoryTest {
    private static final long MS = 1_000_000L;
    private final SentPacketHistory history = new SentPacketHistory();

    @Test
    void aSlowReceiverKeepsTheSmallRing() {
        long last = 0;
        for (int i = 0; i < 5000; i++) {
            last = history.onSent(i & 0xFFFF, i * 10 * MS, 1200); // 100 packets/s: the small ring holds 2.56 s
        }
        assertEquals(SentPacketHistory.INITIAL_CAPACITY, history.capacity());
        assertTrue(history.contains(last - SentPacketHistory.INITIAL_CAPACITY + 1));
        assertFalse(history.contains(last - SentPacketHistory.INITIAL_CAPACITY));
    }

    @Test
    void growsToKeepOneSecondAndCarriesWhatItKnew() {
        // 1,000 packets/s across the 16-bit wrap: the ring must hold the last second, 1000 packets
        long first = history.onSent(65000, 0, 1000);
        history.state(first, SentPacketHistory.ACKED);
        history.onSent(65001, MS, 1001, true);
        long last = first + 1;
        for (int i = 2; i < 1500; i++) {
            last = history.onSent((65000 + i) & 0xFFFF, i * MS, 1200);
        }
        assertEquals(1024, history.capacity(), "1000 packets a second fit in 1024 slots");
        for (long seq = last - 999; seq <= last; seq++) {
            assertTrue(history.contains(seq), "lost " + seq);
        }
        // the first two move with each growth (at 256 and 512 packets) while they are younger than a second
        SentPacketHistory young = new SentPacketHistory();
        long a = young.onSent(65000, 0, 1000);
        young.state(a, SentPacketHistory.ACKED);
        long b = young.onSent(65001, MS, 1001, true);
        for (int i = 2; i < 600; i++) {
            young.onSent((65000 + i) & 0xFFFF, i * MS, 1200);
        }
        assertEquals(1024, young.capacity());
        assertTrue(young.contains(a) && young.contains(b));
        assertEquals(SentPacketHistory.ACKED, young.state(a));
        assertEquals(SentPacketHistory.UNREPORTED, young.state(b));
        assertEquals(1000, young.size(a));
        assertEquals(1001, young.size(b));
        assertEquals(MS, young.sendNanos(b));
        assertTrue(young.isProbe(b));
        assertFalse(young.isProbe(a));
    }

    @Test
    void stopsGrowingAtTheCap() {
        for (int i = 0; i < 20_000; i++) {
            history.onSent(i & 0xFFFF, i * 100_000L, 1200); // 10,000 packets/s
        }
        assertEquals(SentPacketHistory.MAX_CAPACITY, history.capacity());
    }
}
