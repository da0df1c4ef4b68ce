package dev.sfu.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DownlinkBottleneckTest {
    private static final long MS = 1_000_000L;

    @Test
    void packetsLeaveAtTheLinkRateAndTheQueueOverflowDrops() {
        DownlinkBottleneck link = new DownlinkBottleneck(10 * MS);
        assertEquals(5 * MS, link.arrival(5 * MS, 972), "no limit: arrives at once");
        link.rateBps(1_000_000);
        // 972 + 28 bytes = 8000 bits = 8 ms at 1 Mbps
        assertEquals(8 * MS, link.arrival(0, 972));
        assertEquals(16 * MS, link.arrival(0, 972), "queued behind the first");
        assertEquals(-1, link.arrival(1 * MS, 972), "would wait 15 ms behind 10 ms of queue: dropped");
        assertEquals(24 * MS, link.arrival(9 * MS, 972), "waits 7 ms");
        assertEquals(1, link.dropped());
        link.rateBps(0);
        assertEquals(30 * MS, link.arrival(30 * MS, 972), "limit lifted");
    }
}
