package dev.sfu.core.rtx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.testing.ManualClock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A lossy, reordering stream across the sequence wrap with NACK repair: every lost packet is NACKed,
 * a NACKed packet that is repaired stops being NACKed, and none is NACKed more than the retry bound.
 */
class NackGeneratorRandomTest {

    @Test
    void repairsWhatItCanAndBoundsRetries() {
        ManualClock clock = new ManualClock();
        NackGenerator nacks = new NackGenerator(clock);
        nacks.rtt(TimeUnit.MILLISECONDS.toNanos(40));
        Random random = new Random(99);
        Set<Integer> lost = new HashSet<>();
        Set<Integer> repairable = new HashSet<>();
        List<Integer> delayed = new ArrayList<>();
        int[] nackCount = new int[65536];
        int start = 60_000;
        for (int i = 0; i < 20_000; i++) {
            int seq = (start + i) & 0xFFFF;
            clock.advance(5, TimeUnit.MILLISECONDS);
            if (random.nextInt(100) < 3) {
                lost.add(seq);
                if (random.nextBoolean()) {
                    repairable.add(seq); // the publisher still has it
                }
                continue;
            }
            if (random.nextInt(100) < 2) {
                delayed.add(seq); // arrives a little later: reordered
                continue;
            }
            nacks.onPacket(seq);
            if (i % 2 == 0) { // within 10 ms: inside the reorder window
                for (int d : delayed) {
                    nacks.onPacket(d);
                }
                delayed.clear();
            }
            if (i % 4 == 0) {
                for (int nacked : nacks.collectNacks()) {
                    nackCount[nacked]++;
                    assertTrue(lost.contains(nacked), "NACKed a packet that was only reordered: " + nacked);
                    if (repairable.remove(nacked)) {
                        nacks.onPacket(nacked); // the retransmission arrives (unwrapped from RTX)
                    }
                }
            }
        }
        for (int seq = 0; seq < 65536; seq++) {
            assertTrue(nackCount[seq] <= NackGenerator.DEFAULT_MAX_RETRIES, "seq " + seq + " " + nackCount[seq]);
        }
        long nackedOnce = lost.stream().filter(s -> nackCount[s] > 0).count();
        assertTrue(nackedOnce >= lost.size() - 10, nackedOnce + " of " + lost.size() + " lost were NACKed");
        assertEquals(0, repairable.stream().filter(s -> nackCount[s] > 0).count());
        assertTrue(nacks.gaveUp() > 0);
    }
}
