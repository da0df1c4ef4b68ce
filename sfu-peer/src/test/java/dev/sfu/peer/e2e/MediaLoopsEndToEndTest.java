package dev.sfu.peer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.engine.ParticipantHandle;
import dev.sfu.core.engine.RecordingObserver;
import dev.sfu.core.engine.SfuEngine;

import dev.sfu.core.model.MediaConfig;
import dev.sfu.core.model.RoomSettings;
import dev.sfu.core.model.RoomSnapshot;
import dev.sfu.core.model.SfuException;
import dev.sfu.peer.InboundStreamStats;
import dev.sfu.peer.PeerConfig;
import dev.sfu.peer.PeerStats;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An engine with two media loops, with {@link dev.sfu.peer.JavaPeer}s over real UDP on 127.0.0.1: rooms
 * spread over the loops, each room's participants are all sent to its loop's port and media flows in rooms on
 * both loops; the control plane's calls reach rooms on either loop; the room limit and a drain hold across loops;
 * concurrent first joins (and joins racing a room's close) never make two rooms of one name.
 */
class MediaLoopsEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern CANDIDATE_PORT = Pattern.compile("a=candidate:\\S+ 1 udp \\d+ 127\\.0\\.0\\.1 (\\d+) typ host");
    private static final int MAX_ROOMS = 3;

    @RegisterExtension
    final LoopbackSfu sfu = LoopbackSfu.threads("loops-peer", 4)
            .configured(c -> c.withMediaLoops(2).withLimits(MAX_ROOMS, 20));
    private int nextSenderId = 700;

    /** @param video whether it publishes video too (every session publishes audio, so it has a transport) */
    private PeerSession newSession(String room, boolean video) throws Exception {
        int senderId = nextSenderId++;
        return sfu.join(room, PeerConfig.defaults(room + "-" + senderId, senderId).withVideoFrameRate(20)
                .withPublishing(true, video));
    }

    /** A publisher of audio and video and two subscribers (publishing audio) of everything, all connected. */
    private List<PeerSession> publisherAndTwoSubscribers(String room) throws Exception {
        PeerSession publisher = newSession(room, true);
        publisher.publishAndConnect();
        List<PeerSession> subscribers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            PeerSession subscriber = newSession(room, false);
            subscriber.publishAndConnect();
            subscriber.subscribeToAll(2);
            subscribers.add(subscriber);
        }
        List<PeerSession> all = new ArrayList<>(List.of(publisher));
        all.addAll(subscribers);
        return all;
    }

    /** Joins {@code name} into {@code room} (creating it) and returns what it is told. */
    private RecordingObserver joinAlone(String room, String name) throws Exception {
        RecordingObserver observer = new RecordingObserver();
        sfu.engine().join(room, name, observer).get(5, TimeUnit.SECONDS);
        return observer;
    }

    private static int candidatePort(PeerSession session) {
        Matcher m = CANDIDATE_PORT.matcher(session.lastAnswer);
        assertTrue(m.find(), "no host candidate in " + session.lastAnswer);
        return Integer.parseInt(m.group(1));
    }

    private static long packets(PeerSession receiver, String kind) throws Exception {
        long total = 0;
        for (InboundStreamStats in : receiver.stats().inbound()) {
            if (in.kind().equals(kind)) {
                total += in.packets();
            }
        }
        return total;
    }

    private static boolean receivesBoth(PeerSession receiver) {
        try {
            return packets(receiver, "audio") >= 40 && packets(receiver, "video") >= 30;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void twoRoomsLandOnTwoLoopsAndBothForwardFromTheirOwnPort() throws Exception {
        List<PeerSession> red = publisherAndTwoSubscribers("red");
        List<PeerSession> blue = publisherAndTwoSubscribers("blue");

        int redLoop = sfu.engine().mediaLoopOf("red").orElseThrow();
        int blueLoop = sfu.engine().mediaLoopOf("blue").orElseThrow();
        assertNotEquals(redLoop, blueLoop, "the second room goes to the idle loop");
        InetSocketAddress redAddress = sfu.engine().mediaAddress("red").orElseThrow();
        InetSocketAddress blueAddress = sfu.engine().mediaAddress("blue").orElseThrow();
        assertNotEquals(redAddress.getPort(), blueAddress.getPort());
        assertEquals(List.of(redAddress, blueAddress).stream().sorted((a, b) -> a.getPort() - b.getPort()).toList(),
                sfu.engine().mediaAddresses().stream().sorted((a, b) -> a.getPort() - b.getPort()).toList());
        for (PeerSession s : red) {
            assertEquals(redAddress.getPort(), candidatePort(s), "every red answer names red's loop port");
        }
        for (PeerSession s : blue) {
            assertEquals(blueAddress.getPort(), candidatePort(s), "every blue answer names blue's loop port");
        }
        assertEquals(3, sfu.engine().participantCount(redLoop));
        assertEquals(3, sfu.engine().participantCount(blueLoop));
        assertEquals(1, sfu.engine().roomCount(redLoop));
        assertEquals(1, sfu.engine().roomCount(blueLoop));
        RoomSnapshot redRoom = sfu.engine().room("red").get(5, TimeUnit.SECONDS).orElseThrow();
        assertEquals(redLoop, redRoom.mediaLoop(), "the room's snapshot names its loop");
        assertEquals(redAddress.getPort(), redRoom.udpPort(), "and that loop's port");
        for (RoomSnapshot room : sfu.engine().rooms().get(5, TimeUnit.SECONDS)) {
            assertEquals(sfu.engine().mediaLoopOf(room.name()).orElseThrow(), room.mediaLoop(), room.name());
            assertEquals(sfu.engine().mediaAddress(room.name()).orElseThrow().getPort(), room.udpPort(), room.name());
        }

        for (List<PeerSession> room : List.of(red, blue)) {
            for (PeerSession subscriber : room.subList(1, 3)) {
                assertTrue(RecordingObserver.await(WAIT, () -> receivesBoth(subscriber)),
                        subscriber.peer.config().name() + " receives audio and video: " + subscriber.stats());
                PeerStats stats = subscriber.stats();
                assertEquals(0, stats.foreignDatagrams(), "nothing from another port than the candidate's");
                assertEquals(0, stats.srtpInboundFailures());
                Set<Integer> senders = new HashSet<>();
                for (PeerSession s : room) {
                    senders.add(s.senderId());
                }
                for (InboundStreamStats in : stats.inbound()) {
                    assertTrue(senders.contains(in.senderId()), "only media of its own room: " + in);
                    assertEquals(0, in.corrupt());
                }
            }
        }
    }

    @Test
    void controlCallsReachRoomsOnEitherLoop() throws Exception {
        RecordingObserver first = new RecordingObserver();
        RecordingObserver second = new RecordingObserver();
        ParticipantHandle a = sfu.engine().join("one", "A", first).get(5, TimeUnit.SECONDS).participant();
        ParticipantHandle b = sfu.engine().join("two", "B", second).get(5, TimeUnit.SECONDS).participant();
        assertNotEquals(sfu.engine().mediaLoopOf("one").orElseThrow(), sfu.engine().mediaLoopOf("two").orElseThrow());

        List<RoomSnapshot> rooms = sfu.engine().rooms().get(5, TimeUnit.SECONDS);
        assertEquals(List.of("one", "two"), rooms.stream().map(RoomSnapshot::name).toList(), "merged, oldest first");
        assertEquals(2, sfu.engine().roomCount());
        assertEquals(2, sfu.engine().participantCount());
        for (String room : List.of("one", "two")) {
            assertEquals(1, sfu.engine().room(room).get(5, TimeUnit.SECONDS).orElseThrow().participants().size());
        }
        assertEquals("B", sfu.engine().participant("two", b.id()).get(5, TimeUnit.SECONDS).name());
        assertEquals("{\"x\":1}", sfu.engine().setParticipantMetadata("one", a.id(), "{\"x\":1}")
                .get(5, TimeUnit.SECONDS).metadata());

        sfu.engine().kick("two", b.id(), "bye").get(5, TimeUnit.SECONDS);
        assertEquals("bye", second.closed.get(5, TimeUnit.SECONDS));
        assertTrue(sfu.engine().room("two").get(5, TimeUnit.SECONDS).isEmpty(), "the emptied room closed");
        assertTrue(sfu.engine().mediaLoopOf("two").isEmpty(), "its placement is gone");
        sfu.engine().deleteRoom("one").get(5, TimeUnit.SECONDS);
        assertEquals("the room was deleted", first.closed.get(5, TimeUnit.SECONDS));
        assertEquals(0, sfu.engine().roomCount());
        ExecutionException missing = assertThrows(ExecutionException.class,
                () -> sfu.engine().kick("one", a.id(), "again").get(5, TimeUnit.SECONDS));
        assertEquals("room_not_found", ((SfuException) missing.getCause()).code());
    }

    @Test
    void theRoomLimitCountsRoomsOnEveryLoop() throws Exception {
        RoomSettings lasting = new RoomSettings(0, Duration.ofMinutes(1), "");
        sfu.engine().createRoom("first", lasting).get(5, TimeUnit.SECONDS);
        sfu.engine().createRoom("second", lasting).get(5, TimeUnit.SECONDS);
        assertNotEquals(sfu.engine().mediaLoopOf("first").orElseThrow(),
                sfu.engine().mediaLoopOf("second").orElseThrow(),
                "empty rooms spread by room count");
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String name = "limited-" + i;
                attempts.add(callers.submit(() -> {
                    go.await();
                    try {
                        sfu.engine().createRoom(name, lasting).get(5, TimeUnit.SECONDS);
                        return true;
                    } catch (ExecutionException e) {
                        assertEquals("too_many_rooms", ((SfuException) e.getCause()).code());
                        return false;
                    }
                }));
            }
            go.countDown();
            int created = 0;
            for (Future<Boolean> attempt : attempts) {
                created += attempt.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(MAX_ROOMS - 2, created, "the limit counts the rooms of both loops");
        } finally {
            callers.shutdownNow();
        }
        assertEquals(MAX_ROOMS, sfu.engine().roomCount());
        ExecutionException full = assertThrows(ExecutionException.class,
                () -> sfu.engine().join("one-more", "X", new RecordingObserver()).get(5, TimeUnit.SECONDS));
        assertEquals("too_many_rooms", ((SfuException) full.getCause()).code());
        assertTrue(sfu.engine().mediaLoopOf("one-more").isEmpty(), "a refused room leaves no placement");

        String anyRoom = sfu.engine().rooms().get(5, TimeUnit.SECONDS).get(0).name();
        sfu.engine().deleteRoom(anyRoom).get(5, TimeUnit.SECONDS);
        sfu.engine().join("one-more", "X", new RecordingObserver()).get(5, TimeUnit.SECONDS);
        assertEquals(MAX_ROOMS, sfu.engine().roomCount());
    }

    @Test
    void aDrainReachesEveryLoop() throws Exception {
        RecordingObserver first = joinAlone("north", "N");
        RecordingObserver second = joinAlone("south", "S");
        assertNotEquals(sfu.engine().mediaLoopOf("north").orElseThrow(),
                sfu.engine().mediaLoopOf("south").orElseThrow());
        long deadline = System.currentTimeMillis() + 60_000;

        sfu.engine().drain(deadline).get(5, TimeUnit.SECONDS);

        assertTrue(sfu.engine().draining());
        assertEquals(deadline, first.drainDeadline.get(5, TimeUnit.SECONDS));
        assertEquals(deadline, second.drainDeadline.get(5, TimeUnit.SECONDS));
        for (int i = 0; i < 4; i++) {
            String name = "refused-" + i;
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> sfu.engine().createRoom(name, RoomSettings.defaults()).get(5, TimeUnit.SECONDS));
            assertEquals("draining", ((SfuException) refused.getCause()).code(), "no new room on any loop");
        }
        RecordingObserver late = new RecordingObserver();
        sfu.engine().join("south", "late", late).get(5, TimeUnit.SECONDS);
        assertEquals(deadline, late.drainDeadline.get(5, TimeUnit.SECONDS), "a join into a room still hears it");
    }

    @Test
    void concurrentFirstJoinsEndInOneRoomOnOneLoop() throws Exception {
        int threads = 8;
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ParticipantHandle>> joins = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String name = "joiner-" + i;
                joins.add(callers.submit(() -> {
                    go.await();
                    // Churn first: each leave may close the room while the others' joins are on their way.
                    for (int round = 0; round < 25; round++) {
                        sfu.engine().join("crowd", name, new RecordingObserver()).get(5, TimeUnit.SECONDS).participant()
                                .leave().get(5, TimeUnit.SECONDS);
                    }
                    return sfu.engine().join("crowd", name, new RecordingObserver()).get(5, TimeUnit.SECONDS)
                            .participant();
                }));
            }
            go.countDown();
            Set<String> ids = new HashSet<>();
            for (Future<ParticipantHandle> join : joins) {
                ids.add(join.get(30, TimeUnit.SECONDS).id());
            }
            assertEquals(threads, ids.size());
        } finally {
            callers.shutdownNow();
        }
        List<RoomSnapshot> rooms = sfu.engine().rooms().get(5, TimeUnit.SECONDS);
        assertEquals(1, rooms.size(), "one room of that name: " + rooms);
        assertEquals(threads, rooms.get(0).participants().size());
        int loop = sfu.engine().mediaLoopOf("crowd").orElseThrow();
        assertEquals(threads, sfu.engine().participantCount(loop));
        assertEquals(0, sfu.engine().participantCount(1 - loop));
        assertEquals(0, sfu.engine().roomCount(1 - loop));
    }

    @Test
    void closingTheEngineClosesRoomsOnEveryLoop() throws Exception {
        RecordingObserver first = joinAlone("east", "E");
        RecordingObserver second = joinAlone("west", "W");

        sfu.engine().close();

        CompletableFuture.allOf(first.closed, second.closed).get(5, TimeUnit.SECONDS);
        assertEquals(0, sfu.engine().roomCount());
    }

    @Test
    void loopIBindsTheConfiguredPortPlusIAndAPortInUseStopsTheStartCleanly() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int attempt = 0; ; attempt++) {
            int base;
            try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
                base = probe.getLocalPort();
            }
            if (base >= 65535) {
                continue;
            }
            MediaConfig config = sfu.engine().config().withBindAddress(new InetSocketAddress(loopback, base));
            // The second loop's port taken: the start fails and the first loop's port is free again.
            try (DatagramSocket blocker = new DatagramSocket(new InetSocketAddress(loopback, base + 1))) {
                assertThrows(Exception.class, () -> SfuEngine.start(config).close());
            } catch (java.net.BindException raced) {
                assertTrue(attempt < 5, "no two free ports in a row found");
                continue;
            }
            try (DatagramSocket reuse = new DatagramSocket(new InetSocketAddress(loopback, base))) {
                assertEquals(base, reuse.getLocalPort(), "the first loop's socket was closed");
            }
            try (SfuEngine fixed = SfuEngine.start(config)) {
                assertEquals(List.of(base, base + 1), fixed.mediaAddresses().stream().map(InetSocketAddress::getPort)
                        .toList());
                return;
            } catch (Exception raced) {
                assertTrue(attempt < 5, "no two free ports in a row found: " + raced);
            }
        }
    }
}
