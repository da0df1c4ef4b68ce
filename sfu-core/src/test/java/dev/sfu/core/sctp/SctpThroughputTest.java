package dev.sfu.core.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Throughput of two associations in one thread over a lossless simulated link (1 ms each way): CPU cost of
 * the whole stack (encode, CRC32c, parse, SACKs, reassembly), printed, not asserted.
 */
class SctpThroughputTest {
    private static void run(String name, int messages, int size) {
        SimulatedLink link = new SimulatedLink(1, SctpConfig.defaults());
        link.delayNanos = 1_000_000;
        assertTrue(link.establish());
        byte[] payload = new byte[size];
        long start = System.nanoTime();
        int sent = 0;
        while (sent < messages) {
            if (link.client.send(1, 53, payload, false, -1, -1) == SendResult.QUEUED) {
                sent++;
            } else {
                link.scheduler.advance(1_000_000);
            }
        }
        assertTrue(link.runUntil(() -> link.serverEvents.messages.size() == messages, 600));
        long elapsed = System.nanoTime() - start;
        assertEquals(messages, link.serverEvents.messages.size());
        double seconds = elapsed / 1e9;
        System.out.printf("sctp throughput %s: %d x %d B in %.2f s: %.0f messages/s, %.1f MB/s%n", name, messages,
                size, seconds, messages / seconds, (double) messages * size / seconds / 1e6);
    }

    @Test
    void smallAndLargeMessagesThroughTwoAssociations() {
        run("warm-up", 5_000, 1_000);
        run("1 KB", 50_000, 1_000);
        run("64 KB", 1_000, 65_536);
        run("100 B", 50_000, 100);
    }
}
