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

    @Test
    void unorderedMessagesAllArriveUnderLossInAnyOrder() {
        SimulatedLink link = new SimulatedLink(11, CONFIG);
        assertTrue(link.establish());
        link.loss = 0.1;
        link.jitterNanos = 30_000_000;
        for (int i = 0; i < 200; i++) {
            assertEquals(SendResult.QUEUED, link.client.send(2, 53, new byte[] {(byte) i, 1, 2}, true, -1, -1));
        }
        assertTrue(link.runUntil(() -> link.serverEvents.messages.size() == 200, 300));
        boolean[] seen = new boolean[200];
        for (SimulatedLink.Message message : link.serverEvents.messages) {
            seen[message.payload()[0] & 0xFF] = true;
        }
        for (boolean b : seen) {
            assertTrue(b);
        }
    }

    @Test
    void partiallyReliableMessagesWithoutRetransmissionsAreSkippedAndLaterOnesStillArrive() {
        SimulatedLink link = new SimulatedLink(5, CONFIG);
        assertTrue(link.establish());
        link.loss = 0.2;
        for (int i = 0; i < 300; i++) {
            assertEquals(SendResult.QUEUED, link.client.send(4, 53, payload(3000, i), false, 0, -1));
        }
        assertTrue(link.runUntil(() -> link.client.bufferedAmount() == 0, 120));
        link.loss = 0;
        // a reliable message after them must arrive: FORWARD TSN moved the receiver past the lost ones
        byte[] last = payload(50, 999);
        assertEquals(SendResult.QUEUED, link.client.send(4, 53, last, false, -1, -1));
        assertTrue(link.runUntil(() -> !link.serverEvents.messages.isEmpty()
                && link.serverEvents.messages.get(link.serverEvents.messages.size() - 1).payload().length == 50, 120));
        int delivered = link.serverEvents.messages.size() - 1;
        assertTrue(delivered < 300 && delivered > 100, "delivered " + delivered);
        assertTrue(link.client.stats().abandonedMessages() > 0);
        assertTrue(link.runUntil(() -> link.client.bufferedAmount() == 0, 30));
    }

    @Test
    void messagesPastTheirLifetimeAreAbandoned() {
        SimulatedLink link = new SimulatedLink(6, CONFIG);
        assertTrue(link.establish());
        link.serverToClientFilter = packet -> false; // no SACKs: nothing is acknowledged
        assertEquals(SendResult.QUEUED, link.client.send(0, 53, payload(100, 1), true, -1, 500));
        link.scheduler.advance(3_000_000_000L);
        link.serverToClientFilter = packet -> true;
        assertTrue(link.runUntil(() -> link.client.bufferedAmount() == 0, 30));
        assertEquals(1, link.client.stats().abandonedMessages());
    }

    @Test
    void aPeerWhosePacketsAreAllDroppedFillsTheBudgetThenTheAssociationCloses() {
        SimulatedLink link = new SimulatedLink(8, CONFIG.withSendBudget(1 << 20));
        assertTrue(link.establish());
        link.clientToServerFilter = packet -> false;
        int queued = 0;
        SendResult result;
        while ((result = link.client.send(1, 53, payload(60_000, queued), false, -1, -1)) == SendResult.QUEUED) {
            queued++;
        }
        assertEquals(SendResult.BUFFER_FULL, result);
        assertEquals(17, queued);
        assertTrue(link.client.bufferedAmount() <= 1 << 20);
        long start = link.scheduler.now();
        assertTrue(link.runUntil(() -> link.clientEvents.closed != null, 600));
        // no RTT sample yet, so T3 backs off from RTO.Initial: 0.5 + 1 + 2 + 4 + 8 + 6 x 10 (RTO.Max) = 75.5 s
        double seconds = (link.scheduler.now() - start) / 1e9;
        assertEquals(75.5, seconds, 0.01, "closed after " + seconds + " s");
        assertTrue(link.clientEvents.closed.startsWith("too many retransmissions"), link.clientEvents.closed);
        assertEquals(SctpAssociation.State.CLOSED, link.client.state());
        assertEquals(CONFIG.maxRetransmissions() + 1, link.client.stats().t3Expiries());
    }

    @Test
    void tooLargeEmptyAndBadStreamMessagesAreRefused() {
        SimulatedLink link = new SimulatedLink(9, CONFIG.withMaxOutgoingMessageSize(1000));
        assertEquals(SendResult.NOT_ESTABLISHED, link.client.send(1, 53, new byte[1], false, -1, -1));
        assertTrue(link.establish());
        assertEquals(SendResult.TOO_LARGE, link.client.send(1, 53, new byte[1001], false, -1, -1));
        assertEquals(SendResult.EMPTY, link.client.send(1, 53, new byte[0], false, -1, -1));
        assertEquals(SendResult.INVALID_STREAM, link.client.send(65535, 53, new byte[1], false, -1, -1));
        assertEquals(SendResult.QUEUED, link.client.send(1, 53, new byte[1000], false, -1, -1));
    }

    @Test
    void aMessageLargerThanTheReceiversLimitAbortsTheAssociation() {
        SctpConfig small = new SctpConfig(5000, 5000, 4000, 4000, 8000, 4L << 20, 1160, 500, 400, 10_000, 10, 8,
                30_000, 200, 60_000);
        SimulatedLink link = new SimulatedLink(10, CONFIG, small);
        assertTrue(link.establish());
        assertEquals(SendResult.QUEUED, link.client.send(1, 53, new byte[10_000], false, -1, -1));
        assertTrue(link.runUntil(() -> link.serverEvents.closed != null && link.clientEvents.closed != null, 10));
        assertTrue(link.clientEvents.closed.startsWith("ABORT received"), link.clientEvents.closed);
        assertTrue(link.serverEvents.messages.isEmpty());
    }

    @Test
    void shutdownDeliversQueuedDataThenClosesBothSides() {
        SimulatedLink link = new SimulatedLink(12, CONFIG);
        assertTrue(link.establish());
        link.loss = 0.05;
        for (int i = 0; i < 20; i++) {
            link.client.send(0, 53, payload(5000, i), false, -1, -1);
        }
        link.client.shutdown();
        assertEquals(SendResult.NOT_ESTABLISHED, link.client.send(0, 53, new byte[1], false, -1, -1));
        assertTrue(link.runUntil(() -> link.serverEvents.closed != null && link.clientEvents.closed != null, 120));
        assertEquals(20, link.serverEvents.messages.size());
        assertEquals("shutdown complete", link.clientEvents.closed);
        assertEquals("shutdown complete", link.serverEvents.closed);
    }

    @Test
    void abortClosesBothSidesAtOnce() {
        SimulatedLink link = new SimulatedLink(13, CONFIG);
        assertTrue(link.establish());
        link.server.abort("bye");
        assertEquals("bye", link.serverEvents.closed);
        assertTrue(link.runUntil(() -> link.clientEvents.closed != null, 1));
        assertEquals("ABORT received: cause 12 bye", link.clientEvents.closed);
        assertEquals(SendResult.NOT_ESTABLISHED, link.client.send(0, 53, new byte[1], false, -1, -1));
    }

    @Test
    void streamResetIsPerformedByThePeerAndSsnsStartAgain() {
        SimulatedLink link = new SimulatedLink(14, CONFIG);
        assertTrue(link.establish());
        link.client.send(3, 53, payload(10, 1), false, -1, -1);
        link.client.send(3, 53, payload(10, 2), false, -1, -1);
        link.client.resetStreams(3);
        assertEquals(SendResult.STREAM_RESETTING, link.client.send(3, 53, new byte[1], false, -1, -1));
        assertTrue(link.runUntil(() -> !link.serverEvents.resets.isEmpty(), 10));
        assertArrayEquals(new int[] {3}, link.serverEvents.resets.get(0));
        assertTrue(link.runUntil(() -> link.client.send(3, 53, payload(10, 3), false, -1, -1) == SendResult.QUEUED, 10));
        assertTrue(link.runUntil(() -> link.serverEvents.messages.size() == 3, 10));
        // the server resets its side of the stream too, as data channels do
        link.server.resetStreams(3);
        assertTrue(link.runUntil(() -> !link.clientEvents.resets.isEmpty(), 10));
    }

    @Test
    void streamResetWaitsForDataInFlightUnderLoss() {
        SimulatedLink link = new SimulatedLink(15, CONFIG);
        assertTrue(link.establish());
        link.loss = 0.3;
        for (int i = 0; i < 30; i++) {
            link.client.send(1, 53, payload(3000, i), false, -1, -1);
        }
        link.client.resetStreams(1);
        assertTrue(link.runUntil(() -> !link.serverEvents.resets.isEmpty(), 300));
        assertEquals(30, link.serverEvents.messages.size()); // every message before the reset arrived first
    }

    @Test
    void idleAssociationsExchangeHeartbeatsAndADeadPeerIsDetected() {
        SimulatedLink link = new SimulatedLink(16, CONFIG);
        assertTrue(link.establish());
        long before = link.packetsCarried;
        link.scheduler.advance(100_000_000_000L);
        assertTrue(link.packetsCarried - before >= 4, "heartbeats and their acks");
        assertNull(link.clientEvents.closed);
        link.serverToClientFilter = packet -> false;
        assertTrue(link.runUntil(() -> link.clientEvents.closed != null, 3600));
        assertTrue(link.clientEvents.closed.contains("HEARTBEAT"), link.clientEvents.closed);
    }

    @Test
    void handshakeFailsAfterMaxInitRetransmissions() {
        SimulatedLink link = new SimulatedLink(17, CONFIG);
        link.clientToServerFilter = packet -> false;
        link.client.connect();
        assertTrue(link.runUntil(() -> link.clientEvents.closed != null, 600));
        assertEquals("handshake failed: no answer to INIT", link.clientEvents.closed);
    }

    @Test
    void simultaneousConnectsEstablishOneAssociation() {
        SimulatedLink link = new SimulatedLink(18, CONFIG);
        link.client.connect();
        link.server.connect();
        assertTrue(link.runUntil(() -> link.clientEvents.established && link.serverEvents.established, 30));
        assertEquals(SendResult.QUEUED, link.server.send(1, 53, payload(10, 1), false, -1, -1));
        assertEquals(SendResult.QUEUED, link.client.send(2, 53, payload(10, 2), false, -1, -1));
        assertTrue(link.runUntil(() -> link.clientEvents.messages.size() == 1 && link.serverEvents.messages.size() == 1, 10));
    }

    @Test
    void handshakeSurvivesLossAndDuplication() {
        for (long seed = 0; seed < 20; seed++) {
            SimulatedLink link = new SimulatedLink(seed, CONFIG);
            link.loss = 0.3;
            link.duplication = 0.3;
            link.jitterNanos = 50_000_000;
            assertTrue(link.establish(), "seed " + seed);
            assertEquals(SendResult.QUEUED, link.client.send(0, 53, payload(10, 1), false, -1, -1));
            assertTrue(link.runUntil(() -> link.serverEvents.messages.size() == 1, 60), "seed " + seed);
        }
    }
}
