package dev.sfu.core.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Two associations against each other through a {@link SimulatedLink}. */
class SctpAssociationTest {
    private static final SctpConfig CONFIG = SctpConfig.defaults();

    private static byte[] payload(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void handshakeEstablishesBothSides() {
        SimulatedLink link = new SimulatedLink(1, CONFIG);
        assertTrue(link.establish());
        assertEquals(SctpAssociation.State.ESTABLISHED, link.client.state());
        assertEquals(SctpAssociation.State.ESTABLISHED, link.server.state());
    }

    @Test
    void messagesOfTenBytes64KbAnd1MbArriveIntactAndInOrderUnderLossAndReordering() {
        SimulatedLink link = new SimulatedLink(7, CONFIG);
        assertTrue(link.establish());
        link.loss = 0.05;
        link.jitterNanos = 20_000_000;
        link.duplication = 0.01;
        List<byte[]> sent = new ArrayList<>();
        int[] sizes = {10, 65536, 1 << 20, 10, 65536, 10};
        for (int i = 0; i < sizes.length; i++) {
            byte[] message = payload(sizes[i], i);
            sent.add(message);
            assertEquals(SendResult.QUEUED, link.client.send(1, 53, message, false, -1, -1));
        }
        assertTrue(link.runUntil(() -> link.serverEvents.messages.size() == sizes.length, 600),
                "delivered " + link.serverEvents.messages.size());
        for (int i = 0; i < sizes.length; i++) {
            assertArrayEquals(sent.get(i), link.serverEvents.messages.get(i).payload(), "message " + i);
        }
        assertTrue(link.runUntil(() -> link.client.bufferedAmount() == 0, 60));
        assertNull(link.clientEvents.closed);
        assertTrue(link.client.stats().retransmissions() > 0);
    }

    @Test
    void messagesFlowBothWaysOnManyStreams() {
        SimulatedLink link = new SimulatedLink(3, CONFIG);
        assertTrue(link.establish());
        for (int i = 0; i < 100; i++) {
            assertEquals(SendResult.QUEUED, link.client.send(i % 5, 51, payload(100 + i, i), false, -1, -1));
            assertEquals(SendResult.QUEUED, link.server.send(i % 3, 53, payload(2000 + i, i), false, -1, -1));
        }
        assertTrue(link.runUntil(() -> link.serverEvents.messages.size() == 100
                && link.clientEvents.messages.size() == 100, 60));
        assertEquals(100 + 7, link.serverEvents.messages.get(7).payload().length);
        assertEquals(51, link.serverEvents.messages.get(7).ppid());
    }
}
