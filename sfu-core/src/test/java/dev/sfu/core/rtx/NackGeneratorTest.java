package dev.sfu.core.rtx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.testing.ManualClock;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NackGeneratorTest {
    private final ManualClock clock = new ManualClock();
    private final NackGenerator nacks = new NackGenerator(clock);

    private void advance(long millis) {
        clock.advance(millis, TimeUnit.MILLISECONDS);
    }

    @Test
    void nacksAGapAfterTheReorderWindow() {
        nacks.onPacket(10);
        nacks.onPacket(13);
        assertEquals(2, nacks.missingCount());
        assertEquals(List.of(), nacks.collectNacks()); // maybe only reordered: wait 10 ms
        advance(10);
        assertEquals(List.of(11, 12), nacks.collectNacks());
        assertEquals(2, nacks.nacksSent());
    }

    @Test
    void reorderedPacketInsideTheWindowIsNeverNacked() {
        nacks.onPacket(10);
        nacks.onPacket(12);
        advance(5);
        nacks.onPacket(11);
        advance(20);
        assertEquals(List.of(), nacks.collectNacks());
        assertEquals(1, nacks.recovered());
    }

    @Test
    void retriesOncePerRttThenStopsWhenRepaired() {
        nacks.rtt(TimeUnit.MILLISECONDS.toNanos(50));
        nacks.onPacket(1);
        nacks.onPacket(3);
        advance(10);
        assertEquals(List.of(2), nacks.collectNacks());
        advance(30);
        assertEquals(List.of(), nacks.collectNacks()); // within the RTT
        advance(20);
        assertEquals(List.of(2), nacks.collectNacks());
        nacks.onPacket(2); // repaired (from RTX: the OSN)
        advance(100);
        assertEquals(List.of(), nacks.collectNacks());
        assertEquals(0, nacks.missingCount());
        assertFalse(nacks.takeKeyframeRequest());
    }

    @Test
    void givesUpAfterMaxRetriesAndAsksForAKeyframeOnce() {
        nacks.rtt(TimeUnit.MILLISECONDS.toNanos(20));
        nacks.onPacket(100);
        nacks.onPacket(102);
        int sent = 0;
        for (int i = 0; i < 20; i++) {
            advance(20);
            sent += nacks.collectNacks().size();
        }
        assertEquals(NackGenerator.DEFAULT_MAX_RETRIES, sent);
        assertEquals(1, nacks.gaveUp());
        assertEquals(0, nacks.missingCount());
        assertTrue(nacks.takeKeyframeRequest());
        assertFalse(nacks.takeKeyframeRequest());
    }

    @Test
    void givesUpOnPacketsOlderThanMaxAge() {
        NackGenerator slow = new NackGenerator(clock, 100, 1_000, 10);
        slow.rtt(TimeUnit.MILLISECONDS.toNanos(400));
        slow.onPacket(1);
        slow.onPacket(3);
        advance(10);
        assertEquals(List.of(2), slow.collectNacks());
        advance(995);
        assertEquals(List.of(), slow.collectNacks());
        assertEquals(1, slow.gaveUp());
        assertTrue(slow.takeKeyframeRequest());
    }

    @Test
    void onlyPacketsStillAwaitedAreMissing() {
        assertFalse(nacks.isMissing(5));
        nacks.onPacket(65534);
        nacks.onPacket(2);
        assertTrue(nacks.isMissing(65535));
        assertTrue(nacks.isMissing(0));
        assertFalse(nacks.isMissing(65534), "arrived");
        assertFalse(nacks.isMissing(2), "arrived");
        assertFalse(nacks.isMissing(3), "not yet due");
        nacks.onPacket(0); // repaired
        assertFalse(nacks.isMissing(0));
        assertTrue(nacks.isMissing(1));
    }

    @Test
    void handlesTheSequenceWrap() {
        nacks.onPacket(65533);
        nacks.onPacket(1);
        advance(10);
        assertEquals(List.of(65534, 65535, 0), nacks.collectNacks());
        nacks.onPacket(65535);
        assertEquals(2, nacks.missingCount());
    }

    @Test
    void aGapLargerThanTheTrackingResetsAndAsksForAKeyframe() {
        nacks.onPacket(0);
        nacks.onPacket(5);
        nacks.onPacket(5 + NackGenerator.CAPACITY + 1);
        assertEquals(0, nacks.missingCount());
        assertEquals(1, nacks.resets());
        assertTrue(nacks.takeKeyframeRequest());
        nacks.onPacket(5 + NackGenerator.CAPACITY + 3);
        assertEquals(1, nacks.missingCount());
    }

    @Test
    void duplicatesAndOldPacketsChangeNothing() {
        nacks.onPacket(50);
        nacks.onPacket(50);
        nacks.onPacket(49);
        nacks.onPacket(51);
        assertEquals(0, nacks.missingCount());
    }

    @Test
    void lossesAcrossAFullRingAreCountedOnce() {
        for (int i = 0; i < 10 * NackGenerator.CAPACITY; i += 2) {
            nacks.onPacket(i & 0xFFFF); // every other packet lost, never repaired, never collected
        }
        assertTrue(nacks.missingCount() <= NackGenerator.CAPACITY / 2, "missing " + nacks.missingCount());
    }

    @Test
    void recordingAPacketAllocatesNothing() {
        for (int i = 0; i < 100_000; i++) {
            nacks.onPacket(i % 10 == 0 ? (i + 1) & 0xFFFF : i & 0xFFFF);
        }
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = bean.getCurrentThreadAllocatedBytes();
        for (int i = 100_000; i < 300_000; i++) {
            nacks.onPacket(i % 10 == 0 ? (i + 1) & 0xFFFF : i & 0xFFFF);
        }
        long allocated = bean.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1024, "allocated " + allocated);
    }
}
