package dev.sfu.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class BitrateMeterTest {
    private static final long MS = 1_000_000L;

    @Test
    void measuresAConstantRate() {
        BitrateMeter meter = BitrateMeter.oneSecond();
        for (long t = 0; t < 3_000; t++) {
            meter.add(t * MS, 125); // 1 Mbps
        }
        assertEquals(1_000_000, meter.bitrateBps(2_999 * MS), 1_000_000 / 20);
        assertEquals(3_000 * 125, meter.totalBytes());
    }

    @Test
    void usesTheElapsedTimeBeforeAFullWindow() {
        BitrateMeter meter = BitrateMeter.oneSecond();
        for (long t = 0; t < 200; t++) {
            meter.add(t * MS, 125);
        }
        // 25000 bytes over 200 ms, not over the whole second
        assertEquals(1_000_000, meter.bitrateBps(200 * MS), 10_000);
    }

    @Test
    void fallsToZeroWhenIdleAndIgnoresSamplesOlderThanTheWindow() {
        BitrateMeter meter = new BitrateMeter(500, 10);
        meter.add(0, 1000);
        assertEquals(160_000, meter.bitrateBps(0)); // one bucket at least: 8000 bits / 50 ms
        assertEquals(0, meter.bitrateBps(2_000 * MS));
        meter.add(1_000 * MS, 1000); // older than the window ending at 2 s
        assertEquals(0, meter.bitrateBps(2_000 * MS));
        meter.reset();
        assertEquals(0, meter.bitrateBps(2_000 * MS));
    }

    @Test
    void rejectsAWindowThatDoesNotSplit() {
        assertThrows(IllegalArgumentException.class, () -> new BitrateMeter(1000, 7));
    }

    @Test
    void addingAndReadingAllocateNothing() {
        BitrateMeter meter = BitrateMeter.oneSecond();
        for (long t = 0; t < 100_000; t++) {
            meter.add(t * MS, 100);
            meter.bitrateBps(t * MS);
        }
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = bean.getCurrentThreadAllocatedBytes();
        for (long t = 100_000; t < 300_000; t++) {
            meter.add(t * MS, 100);
            meter.bitrateBps(t * MS);
        }
        assertTrue(bean.getCurrentThreadAllocatedBytes() - before < 1024);
    }
}
