package dev.sfu.peer.e2e;

import static dev.sfu.peer.e2e.SimulcastEndToEndTest.assertContinuous;
import static dev.sfu.peer.e2e.SimulcastEndToEndTest.await;
import static dev.sfu.peer.e2e.SimulcastEndToEndTest.keyframeRequests;
import static dev.sfu.peer.e2e.SimulcastEndToEndTest.participant;
import static dev.sfu.peer.e2e.SimulcastEndToEndTest.prefs;
import static dev.sfu.peer.e2e.SimulcastEndToEndTest.subscription;
import static dev.sfu.peer.e2e.SimulcastEndToEndTest.switchTo;
import static dev.sfu.peer.e2e.SimulcastEndToEndTest.video;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import dev.sfu.core.model.RoomSnapshot;
import dev.sfu.core.model.TrackPreferences;
import dev.sfu.core.model.TrackSnapshot;
import dev.sfu.peer.CapturedPacket;
import dev.sfu.peer.InboundStreamStats;
import dev.sfu.peer.PeerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The keyframe cache end to end with {@link dev.sfu.peer.JavaPeer}s over real UDP/DTLS/SRTP. The Java
 * publisher sends a keyframe only when asked (as Chromium does between its rare periodic ones), so what a
 * receiver gets and what the publisher is asked tell whether a layer started from the cache. Each scenario
 * runs with the cache on (the default) and off, and prints, with the prefix {@code keyframe cache e2e:}, the
 * time from subscribing / asking for a layer until the first keyframe packet of it arrived (docs/benchmarks.md).
 * Assertions are on what arrived and what the publisher was asked, never on those times.
 */
class KeyframeCacheEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int ROUNDS = 5;
    /** Longer than the default cache age (1 s): what was cached before is stale. */
    private static final long STALE_MILLIS = 1_100;

    @RegisterExtension
    final LoopbackSfu sfu = LoopbackSfu.threads("kf-cache", 4).startedByEachTest();
    private int nextSenderId = 300;

    private void start(boolean cache) throws Exception {
        sfu.restart(config -> cache ? config : config.withKeyframeCacheMaxAge(Duration.ZERO));
    }

    // ---- a layer switch ----

    @Test
    void aSwitchToALayerWithAFreshKeyframeStartsFromTheCacheWithoutAskingThePublisher() throws Exception {
        start(true);
        Switches result = switchRounds("switch-on");
        assertEquals(List.of(0L, 0L), result.requestsDuringFollowerSwitches,
                "no keyframe request reached the publisher for the follower's switches (layers 2, 0): " + result);
        assertEquals(2L * ROUNDS, result.followerFromCache, "every follower switch from the cache");
        print("on ", result);
    }

    @Test
    void withTheCacheOffTheSameSwitchWaitsForTheKeyframeItAsks() throws Exception {
        start(false);
        Switches result = switchRounds("switch-off");
        assertTrue(result.requestsDuringFollowerSwitches.get(0) > 0 && result.requestsDuringFollowerSwitches.get(1) > 0,
                "the follower's switches asked the publisher: " + result.requestsDuringFollowerSwitches);
        assertEquals(0, result.followerFromCache);
        print("off", result);
    }

    private record Switches(List<Long> leaderMillis, List<Long> followerMillis,
            List<Long> requestsDuringFollowerSwitches, long followerFromCache, List<String> trace) {}

    /**
     * Two receivers on layer 0; each round the leader switches to layer 2 (the publisher is asked for a keyframe
     * of it), then the follower does the same right after the keyframe arrived; then both back to layer 0.
     */
    private Switches switchRounds(String room) throws Exception {
        PeerSession publisher = publisher(room);
        String track = videoTrack(publisher, room);
        PeerSession leader = subscriber(room, track);
        PeerSession follower = subscriber(room, track);
        for (PeerSession receiver : List.of(leader, follower)) {
            receiver.handle.setPreferences(track, prefs(0)).get(10, TimeUnit.SECONDS);
            assertTrue(await(WAIT, () -> video(receiver, track).lastKeyframeWidth() == 320), "on layer 0");
        }
        List<Long> ssrcs = publisher.peer.videoLayerSsrcs();
        long fromCacheBefore = subscription(room(room), follower, track).keyframesFromCache();
        List<Long> leaderMillis = new ArrayList<>();
        List<Long> followerMillis = new ArrayList<>();
        long[] requests = new long[3];
        List<String> trace = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (int layer : new int[] {2, 0}) {
                // The layer's last keyframe is older than the cache's 1 s by now: the leader's switch asks the
                // publisher (and is further apart than the governor's 300 ms from any earlier request).
                Thread.sleep(STALE_MILLIS);
                leaderMillis.add(switchTo(leader, track, layer));
                long before = requestsFor(publisher, ssrcs.get(layer));
                followerMillis.add(switchTo(follower, track, layer));
                Thread.sleep(400); // a request the follower caused could be deferred to the governor's next slot
                long asked = requestsFor(publisher, ssrcs.get(layer)) - before;
                requests[layer] += asked;
                trace.add("round " + round + " layer " + layer + ": asked " + asked + ", follower from cache "
                        + subscription(room(room), follower, track).keyframesFromCache() + ", publisher layer "
                        + participant(room(room), publisher).tracks().get(0).layers().get(layer));
            }
        }
        Thread.sleep(300);
        for (PeerSession receiver : List.of(leader, follower)) {
            InboundStreamStats stream = video(receiver, track);
            assertContinuous(receiver, stream);
            assertTrue(stream.layerChanges() >= 2L * ROUNDS, "layer changes " + stream.layerChanges());
        }
        return new Switches(leaderMillis, followerMillis, List.of(requests[2], requests[0]),
                subscription(room(room), follower, track).keyframesFromCache() - fromCacheBefore, trace);
    }

    private static void print(String mode, Switches s) {
        System.out.printf("keyframe cache e2e: cache %s, switch (ask -> first keyframe of the new layer received): "
                + "leader (keyframe asked of the publisher) %s ms; follower right after %s ms; keyframe requests "
                + "to the publisher during the follower's switches (layer 2, layer 0) %s%n", mode, s.leaderMillis,
                s.followerMillis, s.requestsDuringFollowerSwitches);
    }

    // ---- what the cache sent can be NACKed ----

    @Test
    void packetsOfACachedKeyframeAreResentIdenticalOnNack() throws Exception {
        start(true);
        PeerSession publisher = publisher("nack");
        String track = videoTrack(publisher, "nack");
        PeerSession leader = subscriber("nack", track);
        PeerSession follower = subscriber("nack", track);
        for (PeerSession receiver : List.of(leader, follower)) {
            receiver.handle.setPreferences(track, prefs(0)).get(10, TimeUnit.SECONDS);
            assertTrue(await(WAIT, () -> video(receiver, track).lastKeyframeWidth() == 320), "on layer 0");
        }
        // Paused, the follower's outgoing sequence stands still, so what the cache sends next is known.
        follower.handle.setPreferences(track, new TrackPreferences(-1, 0, 0, -1, true, 0)).get(10, TimeUnit.SECONDS);
        Thread.sleep(STALE_MILLIS);
        switchTo(leader, track, 2);
        // The follower loses the 2nd and 4th packets of what comes next: the cached layer-2 keyframe (18 packets).
        InboundStreamStats before = video(follower, track);
        long ssrc = before.ssrc();
        int next = (int) ((before.highestSequence() + 1) & 0xFFFF);
        List<Integer> seqs = List.of((next + 1) & 0xFFFF, (next + 3) & 0xFFFF);
        follower.peer.dropIncoming(ssrc, seqs).get(10, TimeUnit.SECONDS);
        long fromCache = subscription(room("nack"), follower, track).keyframesFromCache();
        switchTo(follower, track, 2);
        assertEquals(fromCache + 1, subscription(room("nack"), follower, track).keyframesFromCache(), "from the cache");
        assertTrue(await(WAIT, () -> follower.droppedPackets().size() == 2), "both lost");
        follower.peer.sendNack(ssrc, seqs).get(10, TimeUnit.SECONDS);
        assertTrue(await(WAIT, () -> follower.retransmissions().size() == 2), "resent: " + follower.retransmissions());
        for (CapturedPacket again : follower.retransmissions()) {
            CapturedPacket original = follower.droppedPackets().stream()
                    .filter(p -> p.sequenceNumber() == again.sequenceNumber()).findFirst().orElseThrow();
            assertEquals(original.timestamp(), again.timestamp(), "the squeezed timestamp it was sent with");
            assertTrue(again.stampIntact());
            assertArrayEquals(original.payload(), again.payload(), "payload of " + again.sequenceNumber());
        }
        assertEquals(0, video(follower, track).corrupt());
    }

    // ---- a new subscription ----

    @Test
    void aNewSubscriptionStartsFromTheCachedKeyframeWithoutAskingThePublisher() throws Exception {
        start(true);
        List<Long> millis = new ArrayList<>();
        List<Long> fromCache = new ArrayList<>();
        List<Long> requests = newSubscriptions("new-on", millis, fromCache);
        assertEquals(List.of(0L, 0L, 0L), requests, "no keyframe request for a new receiver's first frame");
        assertEquals(List.of(1L, 1L, 1L), fromCache, "each started from the cached keyframe");
        System.out.printf("keyframe cache e2e: cache on , new subscription on a connected receiver (offer -> first "
                + "keyframe received) %s ms; keyframe requests to the publisher %s%n", millis, requests);
    }

    @Test
    void withTheCacheOffANewSubscriptionWaitsForTheKeyframeItAsks() throws Exception {
        start(false);
        List<Long> millis = new ArrayList<>();
        List<Long> fromCache = new ArrayList<>();
        List<Long> requests = newSubscriptions("new-off", millis, fromCache);
        assertTrue(requests.stream().allMatch(n -> n > 0), "each new receiver asked the publisher: " + requests);
        assertEquals(List.of(0L, 0L, 0L), fromCache);
        System.out.printf("keyframe cache e2e: cache off, new subscription on a connected receiver (offer -> first "
                + "keyframe received) %s ms; keyframe requests to the publisher %s%n", millis, requests);
    }

    /**
     * A leader on layer 0 switches to layer 2 (a fresh keyframe of it), then a receiver that is already
     * connected (it publishes audio) subscribes to the video, asking for layer 2 (its default, "auto"); three
     * times, a new receiver each time. Returns the keyframe requests the publisher got for layer 2 during each
     * new subscription.
     */
    private List<Long> newSubscriptions(String room, List<Long> millis, List<Long> fromCache) throws Exception {
        PeerSession publisher = publisher(room);
        String track = videoTrack(publisher, room);
        PeerSession leader = subscriber(room, track);
        long layer2 = publisher.peer.videoLayerSsrcs().get(2);
        List<Long> requests = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            PeerSession receiver = connectedAudioPublisher(room);
            leader.handle.setPreferences(track, prefs(0)).get(10, TimeUnit.SECONDS);
            assertTrue(await(WAIT, () -> video(leader, track).lastKeyframeWidth() == 320), "leader on layer 0");
            Thread.sleep(STALE_MILLIS);
            switchTo(leader, track, 2);
            long before = requestsFor(publisher, layer2);
            long subscribed = System.nanoTime();
            receiver.subscribe(trackSnapshot(receiver, track));
            receiver.negotiate();
            assertTrue(await(WAIT, () -> video(receiver, track).lastKeyframeWidth() == 1280), "receiving layer 2: " + video(receiver, track) + " " + subscription(room(room), receiver, track));
            millis.add((video(receiver, track).firstKeyframeNanos() - subscribed) / 1_000_000);
            Thread.sleep(400);
            requests.add(requestsFor(publisher, layer2) - before);
            fromCache.add(subscription(room(room), receiver, track).keyframesFromCache());
            InboundStreamStats stream = video(receiver, track);
            assertTrue(stream.firstWasKeyframeStart(), "the first packet starts a keyframe");
            assertContinuous(receiver, stream);
        }
        return requests;
    }

    // ---- helpers ----

    private PeerSession publisher(String room) throws Exception {
        PeerConfig config = PeerConfig.defaults("pub", nextSenderId++).withPublishing(false, true)
                .withVideoFrameRate(30).withSimulcast(3);
        PeerSession s = sfu.join(room, config);
        s.publishAndConnect();
        return s;
    }

    /** A peer connected before it subscribes to anything (it publishes audio only). */
    private PeerSession connectedAudioPublisher(String room) throws Exception {
        PeerConfig config = PeerConfig.defaults("late", nextSenderId++).withPublishing(true, false);
        PeerSession s = sfu.join(room, config);
        s.publishAndConnect();
        return s;
    }

    private PeerSession subscriber(String room, String track) throws Exception {
        PeerConfig config = PeerConfig.defaults("sub", nextSenderId++).withPublishing(false, false);
        PeerSession s = sfu.join(room, config);
        s.subscribe(trackSnapshot(s, track));
        s.publishAndConnect();
        return s;
    }

    private static TrackSnapshot trackSnapshot(PeerSession session, String track) throws Exception {
        assertTrue(await(WAIT, () -> session.knownRemoteTracks().stream().anyMatch(t -> t.id().equals(track))),
                "track known");
        return session.knownRemoteTracks().stream().filter(t -> t.id().equals(track)).findFirst().orElseThrow();
    }

    private String videoTrack(PeerSession publisher, String room) throws Exception {
        assertTrue(await(WAIT, () -> !participant(room(room), publisher).tracks().isEmpty()), "track published");
        return participant(room(room), publisher).tracks().get(0).id();
    }

    private static long requestsFor(PeerSession publisher, long ssrc) throws Exception {
        return keyframeRequests(publisher.stats()).getOrDefault(ssrc, 0L);
    }

    private RoomSnapshot room(String name) {
        try {
            return sfu.room(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
