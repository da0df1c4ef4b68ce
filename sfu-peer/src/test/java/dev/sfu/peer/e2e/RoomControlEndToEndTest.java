package dev.sfu.peer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.engine.JoinResult;
import dev.sfu.core.engine.RecordingObserver;
import dev.sfu.core.engine.SfuEngine;

import dev.sfu.core.model.CloseCodes;
import dev.sfu.core.model.JoinOptions;
import dev.sfu.core.model.MediaConfig;
import dev.sfu.core.model.ParticipantObserver;
import dev.sfu.core.model.ParticipantPermissions;
import dev.sfu.core.model.ParticipantSnapshot;
import dev.sfu.core.model.RoomEvents;
import dev.sfu.core.model.RoomSettings;
import dev.sfu.core.model.RoomSnapshot;
import dev.sfu.core.model.SfuException;
import dev.sfu.core.model.TrackSnapshot;
import dev.sfu.core.testing.ManualClock;
import dev.sfu.peer.InboundStreamStats;
import dev.sfu.peer.PeerConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Room control as the media plane enforces it, with {@link dev.sfu.peer.JavaPeer}s over real UDP on
 * 127.0.0.1: server-side mute stops forwarding and unmute resumes it, grants refuse publishing, a kick closes the
 * session with its code, rooms honour their participant limit and empty timeout, and a drain refuses new rooms.
 */
class RoomControlEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** The default consent timeout: these tests need no early expiry. */
    @RegisterExtension
    final LoopbackSfu sfu = LoopbackSfu.threads("java-peer", 4)
            .configured(c -> c.withConsentTimeout(MediaConfig.defaults().consentTimeout()));
    private int nextSenderId = 300;

    private PeerSession newSession(String room) throws Exception {
        int senderId = nextSenderId++;
        return sfu.join(room, PeerConfig.defaults(room + "-" + senderId, senderId).withVideoFrameRate(20));
    }

    private static long packetsOf(PeerSession receiver, TrackSnapshot track) throws Exception {
        InboundStreamStats in = receiver.stats().inboundByMid(receiver.midByTrack.get(track.id()));
        return in == null ? 0 : in.packets();
    }

    @Test
    void serverMuteStopsForwardingAndUnmuteResumesIt() throws Exception {
        PeerSession publisher = newSession("mute");
        publisher.publishAndConnect();
        PeerSession receiver = newSession("mute");
        receiver.publishAndConnect();
        receiver.subscribeToAll(2);
        TrackSnapshot audio = receiver.subscribed.values().stream().filter(t -> t.kind().equals("audio"))
                .findFirst().orElseThrow();
        assertTrue(RecordingObserver.await(WAIT, () -> packets(receiver, audio) > 20), "audio flows first");

        TrackSnapshot muted = sfu.engine().setTrackMuted("mute", publisher.id(), audio.id(), true)
                .get(5, TimeUnit.SECONDS);

        assertTrue(muted.muted());
        Thread.sleep(200); // packets already on the wire may still land
        long atMute = packetsOf(receiver, audio);
        Thread.sleep(500);
        assertEquals(atMute, packetsOf(receiver, audio), "nothing forwarded while muted");
        RoomSnapshot room = sfu.engine().room("mute").get(5, TimeUnit.SECONDS).orElseThrow();
        TrackSnapshot stillArriving = room.participants().stream().filter(p -> p.id().equals(publisher.id()))
                .findFirst().orElseThrow().tracks().stream().filter(t -> t.id().equals(audio.id())).findFirst()
                .orElseThrow();
        assertTrue(stillArriving.muted() && stillArriving.packets() > 0, "the publisher still sends: " + stillArriving);

        sfu.engine().setTrackMuted("mute", publisher.id(), audio.id(), false).get(5, TimeUnit.SECONDS);

        assertTrue(RecordingObserver.await(WAIT, () -> packets(receiver, audio) > atMute + 10),
                "forwarding resumes after unmute");
    }

    @Test
    void aParticipantWithoutThePublishGrantCannotPublish() throws Exception {
        RecordingObserver events = new RecordingObserver();
        JoinOptions viewer = new JoinOptions("viewer-1", "", new ParticipantPermissions(false, true, false, false),
                RoomSettings.defaults());
        JoinResult join = sfu.engine().join("grants", "Viewer", events, viewer).get(5, TimeUnit.SECONDS);
        PeerSession publisherOffer = newSession("grants-other");
        String offer = publisherOffer.peer.createOffer().get(5, TimeUnit.SECONDS).sdp();

        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> join.participant().offer(offer, java.util.Map.of()).get(5, TimeUnit.SECONDS));

        assertEquals("permission_denied", ((SfuException) refused.getCause()).code());
        assertFalse(join.participant().permissions().publish());
        ParticipantSnapshot me = sfu.engine().participant("grants", join.participant().id()).get(5, TimeUnit.SECONDS);
        assertEquals(0, me.tracks().size());
        assertEquals("viewer-1", me.identity());
    }

    @Test
    void aKickClosesTheSessionWithItsCodeAndTheOthersSeeItLeave() throws Exception {
        QuietObserver kicked = new QuietObserver();
        RecordingObserver stayer = new RecordingObserver();
        sfu.engine().join("kick", "Stayer", stayer).get(5, TimeUnit.SECONDS);
        String id = sfu.engine().join("kick", "Kicked", kicked).get(5, TimeUnit.SECONDS).participant().id();

        sfu.engine().kick("kick", id, "bad behaviour").get(5, TimeUnit.SECONDS);

        assertEquals(CloseCodes.KICKED + ": bad behaviour", kicked.closed.get(5, TimeUnit.SECONDS));
        assertTrue(RecordingObserver.await(WAIT, () -> stayer.left.contains(id)));
        ExecutionException again = assertThrows(ExecutionException.class,
                () -> sfu.engine().kick("kick", id, "again").get(5, TimeUnit.SECONDS));
        assertEquals("participant_not_found", ((SfuException) again.getCause()).code());
        assertEquals(1, sfu.engine().counters().participantsKicked());
    }

    @Test
    void aRoomAdmitsUpToItsOwnLimit() throws Exception {
        sfu.engine().createRoom("small", new RoomSettings(1, Duration.ofMinutes(1), "")).get(5, TimeUnit.SECONDS);
        sfu.engine().join("small", "One", new RecordingObserver(), JoinOptions.defaults()).get(5, TimeUnit.SECONDS);

        ExecutionException full = assertThrows(ExecutionException.class, () -> sfu.engine().join("small", "Two",
                new RecordingObserver(), JoinOptions.defaults()).get(5, TimeUnit.SECONDS));

        assertEquals("room_full", ((SfuException) full.getCause()).code());
        ExecutionException missing = assertThrows(ExecutionException.class, () -> sfu.engine().join("absent", "X",
                new RecordingObserver(), new JoinOptions("", "", null, null)).get(5, TimeUnit.SECONDS));
        assertEquals("room_not_found", ((SfuException) missing.getCause()).code(), "no room created without leave");
    }

    @Test
    void anEmptyRoomClosesAfterItsTimeoutOnTheInjectedClock() throws Exception {
        ManualClock clock = new ManualClock();
        MediaConfig d = LoopbackSfu.loopback(MediaConfig.defaults());
        try (SfuEngine timed = SfuEngine.start(new MediaConfig(d.bindAddress(), d.announcedAddress(),
                d.allowedNetworks(), d.maxRooms(), d.maxParticipantsPerRoom(), d.consentTimeout(),
                d.publisherBitrateHintBps(), clock))) {
            RecordingObserver events = new RecordingObserver();
            List<String> finished = new java.util.concurrent.CopyOnWriteArrayList<>();
            timed.events(new RoomEvents() {
                @Override
                public void roomFinished(String room, String reason) {
                    finished.add(room + ": " + reason);
                }
            }).get(5, TimeUnit.SECONDS);
            timed.createRoom("lingering", new RoomSettings(0, Duration.ofSeconds(30), "")).get(5, TimeUnit.SECONDS);
            JoinResult join = timed.join("lingering", "Ann", events, JoinOptions.defaults()).get(5, TimeUnit.SECONDS);
            join.participant().leave().get(5, TimeUnit.SECONDS);
            clock.advance(29, TimeUnit.SECONDS);
            Thread.sleep(1500); // at least one one-second tick
            assertEquals(1, timed.roomCount(), "still inside its timeout");

            clock.advance(2, TimeUnit.SECONDS);

            assertTrue(RecordingObserver.await(WAIT, () -> timed.roomCount() == 0), "closed after 30 s empty");
            assertEquals(List.of("lingering: empty for 30 s"), finished);
        }
    }

    @Test
    void aDrainingEngineRefusesNewRoomsButNotExistingOnes() throws Exception {
        QuietObserver inside = new QuietObserver();
        sfu.engine().join("existing", "Ann", inside).get(5, TimeUnit.SECONDS);

        sfu.engine().drain(System.currentTimeMillis() + 60_000).get(5, TimeUnit.SECONDS);

        assertTrue(sfu.engine().draining());
        assertTrue(inside.deadline.get(5, TimeUnit.SECONDS) > System.currentTimeMillis());
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> sfu.engine().createRoom("new", RoomSettings.defaults()).get(5, TimeUnit.SECONDS));
        assertEquals("draining", ((SfuException) refused.getCause()).code());
        QuietObserver late = new QuietObserver();
        sfu.engine().join("existing", "Bob", late).get(5, TimeUnit.SECONDS);
        assertEquals(inside.deadline.get(), late.deadline.get(5, TimeUnit.SECONDS), "a late joiner hears it too");
    }

    @Test
    void emptyRoomsCloseAtOnceWhileDraining() throws Exception {
        sfu.engine().createRoom("idle", new RoomSettings(0, Duration.ofMinutes(10), "")).get(5, TimeUnit.SECONDS);

        sfu.engine().drain(System.currentTimeMillis() + 60_000).get(5, TimeUnit.SECONDS);

        assertTrue(RecordingObserver.await(WAIT, () -> sfu.engine().roomCount() == 0),
                "an empty room does not wait out its 10 minutes during a drain");
    }

    /** Hears nothing but what a test asks of it. */
    private static class QuietObserver implements ParticipantObserver {
        final java.util.concurrent.CompletableFuture<String> closed = new java.util.concurrent.CompletableFuture<>();
        final java.util.concurrent.CompletableFuture<Long> deadline = new java.util.concurrent.CompletableFuture<>();

        @Override
        public void participantJoined(ParticipantSnapshot participant) {}

        @Override
        public void participantLeft(String participantId) {}

        @Override
        public void trackPublished(TrackSnapshot track) {}

        @Override
        public void trackUnpublished(TrackSnapshot track) {}

        @Override
        public void closed(String reason) {
            closed.complete(reason);
        }

        @Override
        public void closed(String code, String reason) {
            closed.complete(code + ": " + reason);
        }

        @Override
        public void draining(long deadlineMillis) {
            deadline.complete(deadlineMillis);
        }
    }

    private static long packets(PeerSession receiver, TrackSnapshot track) {
        try {
            return packetsOf(receiver, track);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
