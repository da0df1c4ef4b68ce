package dev.sfu.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.api.signaling.SignalingLimits;
import io.netty.util.ResourceLeakDetector;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that attack the signaling WebSocket over real loopback sockets (issue 14): what the server keeps
 * (heap, sessions, participants) stays bounded, and the client learns why it was cut off. Every flood is a
 * few seconds long.
 */
class HostileSignalingTest {
    private static final String CHROME_SENDONLY = TestSfuServer.sdp("chrome-audio-video-sendonly.sdp");
    private static final long FLOOD_MILLIS = 4000;
    private static final long MB = 1024 * 1024;
    private static final String QUEUE_FULL = "1008 outbound queue full";

    /**
     * The floods run with Netty's leak detector sampling (SIMPLE) instead of PARANOID: PARANOID records a stack
     * trace at every buffer access and holds the server to a few hundred messages a second, too few to flood it.
     */
    @BeforeEach
    void sampleLeaks() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
    }

    @AfterEach
    void restoreLeakLevel() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @Test
    void clientsThatSendAndNeverReadAreClosedAndTheHeapStaysBounded() throws Exception {
        // Rates out of the way: this is about the outbound queue, not the rate limit.
        SignalingLimits limits = SignalingLimits.defaults().withAllMessageRates(1_000_000, 1_000_000);
        try (TestSfuServer server = TestSfuServer.start(TestSfuServer.loopbackMedia(),
                TestSfuServer.developmentApi().withSignalingLimits(limits))) {
            long baseline = heapAfterGc();
            String room = TestSfuServer.uniqueRoom("unread");
            List<RawWebSocket> sockets = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RawWebSocket socket = RawWebSocket.connect(server.httpPort(), null);
                sockets.add(socket);
                socket.sendText("{\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"flood" + i + "\"}");
                assertTrue(socket.readText().contains("\"joined\""));
            }
            // Two send garbage whose error quotes it back (32 KB out per 32 KB in), so their replies outgrow the
            // kernel's socket buffers (4 MB each on loopback) even on a busy machine; pongs would need ~300,000
            // replies each. One sends offers. None reads.
            String garbage = "{\"type\":\"" + "x".repeat(32_000) + "\"}";
            String offer = server.json.createObjectNode().put("type", "offer").put("sdp", CHROME_SENDONLY).toString();
            AtomicLong sent = new AtomicLong();
            long start = System.nanoTime();
            long until = start + Duration.ofSeconds(60).toNanos(); // seconds when idle, half a minute on a loaded machine
            List<Thread> flooders = new ArrayList<>();
            for (int i = 0; i < sockets.size(); i++) {
                flooders.add(flood(sockets.get(i), i < 2 ? garbage : offer, until, sent));
            }
            // The garbage flooders' sessions end (and their participants leave) when their queues fill.
            while (server.engine().participantCount() > 1 && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            long capped = (System.nanoTime() - start) / 1_000_000;
            // The two closed sessions' last frames are read first, so the readings below do not catch the
            // closing sockets' buffers on their way out (once 63 MB against 30 MB before, on a loaded machine).
            List<String> statuses = new ArrayList<>();
            for (RawWebSocket socket : sockets.subList(0, 2)) {
                statuses.add(socket.readUntilClose());
            }
            // The flood goes on: nothing more is kept for it. A heap reading during a flood also holds what is in
            // flight at that instant (frames being read, replies being written), which a loaded machine makes
            // larger; what the server keeps is in every reading, so the smallest of several is what is compared.
            long atCap = smallestHeapAfterGc(3, 300);
            long later = smallestHeapAfterGc(4, FLOOD_MILLIS / 4);
            sockets.forEach(RawWebSocket::close);
            for (Thread flooder : flooders) {
                flooder.join(5000);
            }
            System.out.printf("unread flood: %d messages sent; queues full after %d ms; heap after GC %d MB "
                    + "before, %d MB at the cap, %d MB over the next %d ms (smallest readings); close statuses %s%n", sent.get(), capped, baseline / MB, atCap / MB, later / MB, FLOOD_MILLIS, statuses);
            assertEquals(List.of(QUEUE_FULL, QUEUE_FULL), statuses, "each garbage flooder closed");
            // Without the cap, 4 s of three such garbage senders grew the heap by 66 MB (and on, linearly).
            assertTrue(atCap - baseline < 32 * MB, "heap grew by " + (atCap - baseline) / MB + " MB");
            assertTrue(later - baseline < 32 * MB, "heap grew by " + (later - baseline) / MB + " MB");
            ApiAssertions.assertEventually(() -> server.engine().participantCount() == 0, "the offer flooder left");

            WsClient fresh = server.joined(TestSfuServer.uniqueRoom("after"), "Ann");
            fresh.assertStillServing();
        }
    }

    @Test
    void aClientOverTheMessageRateGetsAnErrorThenCloseBeforeAndAfterJoin() throws Exception {
        try (TestSfuServer server = TestSfuServer.start()) {
            // Before join: 10 at once, then 2/s. 30 pings in a burst overrun it.
            WsClient early = server.connect();
            int pongs = sendAndCount(early, 30);
            assertTrue(pongs >= 10 && pongs < 30, pongs + " pongs before the limit");
            early.nextError("rate_limited");
            assertEquals(1008, early.awaitClosed());

            // Joined: bursts of 200 are fine (a web client resizing a grid of tiles), 400 at once are not.
            String room = TestSfuServer.uniqueRoom("rate");
            WsClient joined = server.joined(room, "Ann");
            assertEquals(150, sendAndCount(joined, 150), "a burst of 150 is within the limit");
            joined.assertStillServing();
            int more = sendAndCount(joined, 400);
            assertTrue(more < 400, more + " pongs of 400");
            joined.nextError("rate_limited");
            assertEquals(1008, joined.awaitClosed());
            ApiAssertions.assertEventually(() -> server.engine().participantCount() == 0, "the flooder left");
        }
    }

    /** Sends {@code count} pings at once (stopping when the server closed), then counts the pongs back. */
    private static int sendAndCount(WsClient client, int count) throws Exception {
        for (int i = 0; i < count && !client.isClosed(); i++) {
            try {
                client.send(client.message("ping"));
            } catch (Exception e) {
                break; // closed under us
            }
        }
        int pongs = 0;
        while (pongs < count && "pong".equals(client.peekType())) {
            client.next();
            pongs++;
        }
        return pongs;
    }

    @Test
    void aSecondOfferWhileOneIsAnsweredGetsOfferInFlight() throws Exception {
        try (TestSfuServer server = TestSfuServer.start();
                RawWebSocket socket = RawWebSocket.connect(server.httpPort(), null)) {
            socket.sendText("{\"type\":\"join\",\"room\":\"" + TestSfuServer.uniqueRoom("offers")
                    + "\",\"name\":\"Ann\"}");
            assertTrue(socket.readText().contains("\"joined\""));
            byte[] offer = RawWebSocket.frame(RawWebSocket.OP_TEXT, server.json.createObjectNode()
                    .put("type", "offer").put("sdp", CHROME_SENDONLY).toString().getBytes(StandardCharsets.UTF_8));
            // Both in one write: the second is read before the media loop can have answered the first.
            byte[] two = new byte[offer.length * 2];
            System.arraycopy(offer, 0, two, 0, offer.length);
            System.arraycopy(offer, 0, two, offer.length, offer.length);
            socket.setReadTimeoutMillis(20_000); // a busy machine may take a while to negotiate
            socket.sendRaw(two);

            List<String> types = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                var reply = server.json.readTree(socket.readText());
                types.add(reply.path("type").asText() + (reply.has("code") ? ":" + reply.path("code").asText() : ""));
            }
            assertEquals(List.of("error:offer_in_flight", "answer"), types);

            socket.sendRaw(offer);
            assertEquals("answer", server.json.readTree(socket.readText()).path("type").asText(),
                    "the next offer after the answer is taken");
        }
    }

    @Test
    void aSilentClientIsRemovedWithinTheKeepaliveTimeoutAndALiveOneStays() throws Exception {
        SignalingLimits limits = SignalingLimits.defaults().withKeepalive(Duration.ofSeconds(1), Duration.ofSeconds(3));
        try (TestSfuServer server = TestSfuServer.start(TestSfuServer.loopbackMedia(),
                TestSfuServer.developmentApi().withSignalingLimits(limits))) {
            String room = TestSfuServer.uniqueRoom("keepalive");
            // The JDK client answers pings by itself, as browsers do.
            WsClient alive = server.joined(room, "Alive");
            long start = System.nanoTime();
            try (RawWebSocket silent = RawWebSocket.connect(server.httpPort(), null)) {
                silent.sendText("{\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"Silent\"}");
                assertTrue(silent.readText().contains("\"joined\""));
                // From here on it answers nothing: a laptop whose lid closed, a network that vanished.
                long deadline = start + Duration.ofSeconds(10).toNanos();
                while (server.engine().participantCount() > 1 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                long gone = (System.nanoTime() - start) / 1_000_000;
                System.out.printf("keepalive: silent participant removed after %d ms (timeout 3 s)%n", gone);
                assertEquals(1, server.engine().participantCount(), "the silent participant was removed");
                assertTrue(gone < 3000 + 1000 + 2000, "removed within the timeout and a check: " + gone + " ms");
            }
            assertEquals("participantLeft", alive.until("participantLeft").path("type").asText());
            alive.assertStillServing();
        }
    }

    @Test
    void anAnswerWhoseIceNeverConnectsIsRemovedAfterTheTimeoutCountedFromTheAnswer() throws Exception {
        Duration timeout = Duration.ofSeconds(5);
        try (TestSfuServer server = TestSfuServer.start(TestSfuServer.loopbackMedia().withConsentTimeout(timeout))) {
            String room = TestSfuServer.uniqueRoom("ice");
            WsClient late = server.joined(room, "Late");
            // Longer than the timeout before its first offer, as a viewer waits for a first track to receive.
            Thread.sleep(timeout.toMillis() + 1000);
            late.offer(CHROME_SENDONLY, null);
            long answered = System.nanoTime();
            // ... and then no ICE check ever arrives.
            long deadline = answered + timeout.plusSeconds(5).toNanos();
            while (server.engine().participantCount() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            long removedAfter = (System.nanoTime() - answered) / 1_000_000;
            System.out.printf("ice: a participant that never connected was removed %d ms after its answer%n",
                    removedAfter);
            assertEquals(0, server.engine().participantCount(), "removed");
            assertTrue(removedAfter >= timeout.toMillis() - 1000, "it had its time: " + removedAfter + " ms");
            var closed = late.until("closed");
            assertEquals("connection_lost", closed.path("code").asText(), closed.toString());
            assertTrue(closed.path("reason").asText().contains("never connected"), closed.toString());
        }
    }

    /** Sends {@code message} as fast as the socket takes it until {@code untilNanos} or the socket fails. */
    static Thread flood(RawWebSocket socket, String message, long untilNanos, AtomicLong sent) {
        byte[] one = RawWebSocket.frame(RawWebSocket.OP_TEXT, message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        int perWrite = Math.max(1, 8192 / one.length);
        byte[] batch = new byte[one.length * perWrite];
        for (int i = 0; i < perWrite; i++) {
            System.arraycopy(one, 0, batch, i * one.length, one.length);
        }
        Thread thread = new Thread(() -> {
            try {
                while (System.nanoTime() < untilNanos) {
                    socket.sendRaw(batch);
                    sent.addAndGet(perWrite);
                }
            } catch (IOException e) {
                // the server closed or stopped reading and we were closed: the flood is over
            }
        }, "flood");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** The smallest of {@code readings} heap-after-GC readings, {@code gapMillis} apart. */
    private static long smallestHeapAfterGc(int readings, long gapMillis) throws InterruptedException {
        long smallest = Long.MAX_VALUE;
        for (int i = 0; i < readings; i++) {
            Thread.sleep(gapMillis);
            smallest = Math.min(smallest, heapAfterGc());
        }
        return smallest;
    }

    static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
