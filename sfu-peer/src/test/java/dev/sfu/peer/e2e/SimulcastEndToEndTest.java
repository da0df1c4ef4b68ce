package dev.sfu.peer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.engine.RecordingObserver;

import dev.sfu.core.model.ParticipantSnapshot;
import dev.sfu.core.model.RoomSnapshot;
import dev.sfu.core.model.SubscriptionSnapshot;
import dev.sfu.core.model.TrackPreferences;
import dev.sfu.core.model.TrackSnapshot;
import dev.sfu.peer.InboundStreamStats;
import dev.sfu.peer.PeerConfig;
import dev.sfu.peer.PeerStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Simulcast end to end with {@link dev.sfu.peer.JavaPeer}s: a publisher sends three RID-signalled VP8
 * encodings (320x180 ~150 kbps, 640x360 ~500 kbps, 1280x720 ~1.5 Mbps); what each receiver gets is told by
 * the frame size in the keyframes it receives, and checked to stay one continuous stream (one SSRC, no
 * sequence gaps, timestamps in order, every change of layer at a keyframe). Figures are printed with the
 * prefix {@code simulcast e2e:}.
 */
class SimulcastEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int FPS = 30;
    private static final int[] WIDTHS = {320, 640, 1280};

    @RegisterExtension
    final LoopbackSfu sfu = LoopbackSfu.threads("java-peer", 4);
    private int nextSenderId = 200;

    // ---- 1. each receiver gets the layer it asks for ----

    @Test
    void eachReceiverGetsTheLayerItAskedForAsOneContinuousStream() throws Exception {
        PeerSession publisher = publisher("layers");
        String track = videoTrack(publisher, "layers");
        List<PeerSession> receivers = new ArrayList<>();
        List<Long> joinedAt = new ArrayList<>();
        for (int layer = 0; layer < 3; layer++) {
            joinedAt.add(System.nanoTime());
            PeerSession receiver = subscriber("layers", track);
            receiver.handle.setPreferences(track, prefs(layer)).get(10, TimeUnit.SECONDS);
            receivers.add(receiver);
        }
        for (int layer = 0; layer < 3; layer++) {
            PeerSession receiver = receivers.get(layer);
            int width = WIDTHS[layer];
            assertTrue(await(WAIT, () -> video(receiver, track).lastKeyframeWidth() == width),
                    "layer " + layer + ": keyframes " + width + " wide, got " + video(receiver, track));
        }
        Thread.sleep(1000);
        RoomSnapshot room = room("layers");
        for (int layer = 0; layer < 3; layer++) {
            PeerSession receiver = receivers.get(layer);
            InboundStreamStats stream = video(receiver, track);
            assertContinuous(receiver, stream);
            assertEquals(WIDTHS[layer], stream.lastKeyframeWidth());
            assertEquals(layer, stream.layer(), "stamped layer");
            SubscriptionSnapshot sub = subscription(room, receiver, track);
            assertEquals(layer, sub.targetLayer());
            assertEquals(layer, sub.currentLayer());
            System.out.printf("simulcast e2e: layer %d (%dx%d): time to first frame %d ms (join to first keyframe "
                    + "received; server: subscription to first keyframe forwarded %d ms), %d packets, %d kbps%n",
                    layer, stream.lastKeyframeWidth(), stream.lastKeyframeHeight(),
                    (stream.firstKeyframeNanos() - joinedAt.get(layer)) / 1_000_000, sub.timeToFirstFrameMillis(),
                    stream.packets(), layerKbps(room, publisher, layer));
        }
    }

    // ---- 2. switching up and down ----

    @Test
    void switchesLandOnKeyframesOfTheNewLayerWithoutGaps() throws Exception {
        PeerSession publisher = publisher("switch");
        String track = videoTrack(publisher, "switch");
        PeerSession receiver = subscriber("switch", track);
        receiver.handle.setPreferences(track, prefs(0)).get(10, TimeUnit.SECONDS);
        assertTrue(await(WAIT, () -> video(receiver, track).lastKeyframeWidth() == 320), "starts on layer 0");
        List<Long> upMillis = new ArrayList<>();
        List<Long> downMillis = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            // Apart by more than the keyframe governor's 300 ms, so the figures show the switch itself.
            Thread.sleep(400);
            upMillis.add(switchTo(receiver, track, 2));
            Thread.sleep(400);
            downMillis.add(switchTo(receiver, track, 0));
        }
        Thread.sleep(300);
        InboundStreamStats stream = video(receiver, track);
        assertContinuous(receiver, stream);
        assertTrue(stream.layerChanges() >= 6, "six layer changes, saw " + stream.layerChanges());
        SubscriptionSnapshot sub = subscription(room("switch"), receiver, track);
        assertTrue(sub.layerSwitches() >= 6, "server counted " + sub.layerSwitches());
        assertEquals(0, sub.currentLayer());
        System.out.printf("simulcast e2e: switch 0->2 (request to first 1280 keyframe received) %s ms, "
                + "2->0 %s ms; %d packets, no gaps%n", upMillis, downMillis, stream.packets());
    }

    /** Asks for a layer and returns the time until the first keyframe of it arrived, in ms. */
    static long switchTo(PeerSession receiver, String track, int layer) throws Exception {
        long asked = System.nanoTime();
        receiver.handle.setPreferences(track, prefs(layer)).get(10, TimeUnit.SECONDS);
        assertTrue(await(WAIT, () -> {
            InboundStreamStats s = video(receiver, track);
            return s.lastKeyframeWidth() == WIDTHS[layer] && s.keyframeSizeChangedNanos() > asked;
        }), "switch to layer " + layer + ": " + video(receiver, track));
        return (video(receiver, track).keyframeSizeChangedNanos() - asked) / 1_000_000;
    }

    // ---- 3. the publisher drops its top layer, then resumes it ----

    @Test
    void receiverFollowsThePublisherDroppingAndResumingItsTopLayer() throws Exception {
        PeerSession publisher = publisher("drop");
        String track = videoTrack(publisher, "drop");
        PeerSession receiver = subscriber("drop", track);
        receiver.handle.setPreferences(track, prefs(2)).get(10, TimeUnit.SECONDS);
        assertTrue(await(WAIT, () -> video(receiver, track).lastKeyframeWidth() == 1280), "starts on layer 2");

        long stopped = System.nanoTime();
        publisher.peer.setLayerActive(2, false).get(10, TimeUnit.SECONDS);
        assertTrue(await(Duration.ofSeconds(5), () -> video(receiver, track).lastKeyframeWidth() == 640
                && subscription(room("drop"), receiver, track).currentLayer() == 1), "down to layer 1");
        long downMillis = (video(receiver, track).keyframeSizeChangedNanos() - stopped) / 1_000_000;

        long resumed = System.nanoTime();
        publisher.peer.setLayerActive(2, true).get(10, TimeUnit.SECONDS);
        assertTrue(await(Duration.ofSeconds(5), () -> video(receiver, track).lastKeyframeWidth() == 1280
                && subscription(room("drop"), receiver, track).currentLayer() == 2), "back to layer 2");
        long upMillis = (video(receiver, track).keyframeSizeChangedNanos() - resumed) / 1_000_000;

        assertContinuous(receiver, video(receiver, track));
        System.out.printf("simulcast e2e: publisher stops its top layer -> receiver on layer 1 after %d ms; "
                + "resumes -> back on layer 2 after %d ms%n", downMillis, upMillis);
    }

    // ---- 4. the receiver's REMB limits its downlink ----

    @Test
    void receiversRembBelowWhatItGetsDropsItsLayerUntilTheHoldIsOver() throws Exception {
        PeerSession publisher = publisher("remb");
        String track = videoTrack(publisher, "remb");
        long connected = System.nanoTime();
        PeerSession receiver = subscriber("remb", track);
        receiver.handle.setPreferences(track, prefs(2)).get(10, TimeUnit.SECONDS);
        assertTrue(await(WAIT, () -> video(receiver, track).lastKeyframeWidth() == 1280), "starts on layer 2");
        // The server ignores estimates in the receiver's first seconds (ReceiverAllocation.ESTIMATE_WARMUP_NANOS, 5 s).
        long warm = connected + TimeUnit.MILLISECONDS.toNanos(5_500);
        Thread.sleep(Math.max(0, (warm - System.nanoTime()) / 1_000_000));

        long low = System.nanoTime();
        assertTrue(sendRembsUntil(receiver, 200_000, Duration.ofSeconds(8), () -> {
            ParticipantSnapshot p = participant(room("remb"), receiver);
            SubscriptionSnapshot sub = subscription(p, track);
            return p.congested() && sub.currentLayer() >= 0 && sub.currentLayer() < 2
                    && video(receiver, track).lastKeyframeWidth() < 1280;
        }), "REMB 200 kbps: congested, lower layer; " + participant(room("remb"), receiver));
        long downMillis = (video(receiver, track).keyframeSizeChangedNanos() - low) / 1_000_000;
        int congestedLayer = subscription(room("remb"), receiver, track).currentLayer();

        long high = System.nanoTime();
        assertTrue(sendRembsUntil(receiver, 10_000_000, Duration.ofSeconds(14), () -> {
            SubscriptionSnapshot sub = subscription(room("remb"), receiver, track);
            return sub.currentLayer() == 2 && video(receiver, track).lastKeyframeWidth() == 1280;
        }), "REMB 10 Mbps: back on layer 2; " + participant(room("remb"), receiver));
        long upMillis = (video(receiver, track).keyframeSizeChangedNanos() - high) / 1_000_000;
        // A 10 Mbps estimate covers layer 2 once the allocator's up-hold (4 s after a step down) is over; the
        // congestion flag itself clears when the hold after the last low report is over.
        assertTrue(sendRembsUntil(receiver, 10_000_000, Duration.ofSeconds(8),
                () -> !participant(room("remb"), receiver).congested()), "no longer congested");
        long clearedMillis = (System.nanoTime() - high) / 1_000_000;
        assertEquals(2, subscription(room("remb"), receiver, track).currentLayer());

        assertContinuous(receiver, video(receiver, track));
        System.out.printf("simulcast e2e: REMB 200 kbps every 250 ms (after the 5 s warm-up) -> layer %d received "
                + "after %d ms; then REMB 10 Mbps -> layer 2 received after %d ms, congested=false after %d ms "
                + "(hold 8 s after the last low report)%n", congestedLayer, downMillis, upMillis, clearedMillis);
    }

    /** Sends a REMB every 250 ms until the condition holds or the time is up. */
    private boolean sendRembsUntil(PeerSession receiver, long bps, Duration timeout, BooleanSupplier done)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            receiver.peer.sendRemb(bps).get(10, TimeUnit.SECONDS);
            if (await(Duration.ofMillis(250), done)) {
                return true;
            }
        }
        return done.getAsBoolean();
    }

    // ---- 5. keyframe requests stay bounded ----

    @Test
    void keyframeRequestsToThePublisherStayBoundedWhileManyReceiversSwitch() throws Exception {
        PeerSession publisher = publisher("storm");
        String track = videoTrack(publisher, "storm");
        List<PeerSession> receivers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            receivers.add(subscriber("storm", track));
        }
        for (PeerSession receiver : receivers) {
            assertTrue(await(WAIT, () -> video(receiver, track).keyframes() > 0), "receiving");
        }
        List<Long> ssrcs = publisher.peer.videoLayerSsrcs();
        Map<Long, Long> before = keyframeRequests(publisher.stats());
        long start = System.nanoTime();
        for (int step = 0; step < 20; step++) {
            for (int i = 0; i < receivers.size(); i++) {
                receivers.get(i).handle.setPreferences(track, prefs((step + i) % 3)).get(10, TimeUnit.SECONDS);
            }
            Thread.sleep(150);
        }
        Thread.sleep(700); // deferred requests are sent at the end of their interval
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<Long, Long> after = keyframeRequests(publisher.stats());
        // At most one per 300 ms per layer, plus the one at the start of the window.
        long bound = (long) Math.ceil(seconds / 0.3) + 1;
        List<Long> perLayer = new ArrayList<>();
        for (long ssrc : ssrcs) {
            long requests = after.getOrDefault(ssrc, 0L) - before.getOrDefault(ssrc, 0L);
            perLayer.add(requests);
            assertTrue(requests <= bound, "layer ssrc " + ssrc + ": " + requests + " requests in " + seconds
                    + " s, bound " + bound);
        }
        for (PeerSession receiver : receivers) {
            assertContinuous(receiver, video(receiver, track));
        }
        System.out.printf("simulcast e2e: 5 receivers switching every 150 ms for %.1f s -> keyframe requests "
                + "(PLI+FIR) per layer %s (bound %d, ~3/s)%n", seconds, perLayer, bound);
    }

    static Map<Long, Long> keyframeRequests(PeerStats stats) {
        Map<Long, Long> sum = new HashMap<>(stats.plisBySsrc());
        stats.firsBySsrc().forEach((ssrc, n) -> sum.merge(ssrc, n, Long::sum));
        return sum;
    }

    // ---- helpers ----

    private PeerSession publisher(String room) throws Exception {
        PeerConfig config = PeerConfig.defaults("pub", nextSenderId++).withPublishing(false, true)
                .withVideoFrameRate(FPS).withSimulcast(3);
        PeerSession s = sfu.join(room, config);
        s.publishAndConnect();
        return s;
    }

    /** A receive-only peer with a recvonly m-line for the track, connected. */
    private PeerSession subscriber(String room, String track) throws Exception {
        PeerConfig config = PeerConfig.defaults("sub", nextSenderId++).withPublishing(false, false);
        PeerSession s = sfu.join(room, config);
        assertTrue(await(WAIT, () -> s.knownRemoteTracks().stream().anyMatch(t -> t.id().equals(track))),
                "track known");
        for (TrackSnapshot t : s.knownRemoteTracks()) {
            if (t.id().equals(track)) {
                s.subscribe(t);
            }
        }
        s.publishAndConnect();
        return s;
    }

    /** The publisher's video track id, once the room shows it. */
    private String videoTrack(PeerSession publisher, String room) throws Exception {
        assertTrue(await(WAIT, () -> !participant(room(room), publisher).tracks().isEmpty()), "track published");
        return participant(room(room), publisher).tracks().get(0).id();
    }

    static TrackPreferences prefs(int maxLayer) {
        return new TrackPreferences(maxLayer, 0, 0, -1, false, 0);
    }

    static InboundStreamStats video(PeerSession receiver, String track) {
        try {
            PeerStats stats = receiver.stats();
            InboundStreamStats stream = stats.inboundByMid(receiver.midByTrack.get(track));
            return stream != null ? stream : EMPTY;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final InboundStreamStats EMPTY = new InboundStreamStats(-1, null, "video", -1, 0, 0, -1, -1, 0,
            0, false, 0, 0, -1, 0, 0, 0, 0, -1, -1, -1, 0, -1, -1, -1, -1, -1, 0, 0, 0);

    /** One SSRC (the answered one), keyframe first, no gaps, timestamps in order, layer changes at keyframes. */
    static void assertContinuous(PeerSession receiver, InboundStreamStats stream) throws Exception {
        PeerStats stats = receiver.stats();
        assertEquals(1, stats.inbound().size(), "one incoming stream: " + stats.inbound());
        assertEquals(0, stats.unknownSsrcPackets());
        assertTrue(stream.firstWasKeyframeStart(), "keyframe first");
        assertEquals(0, stream.missing(), "sequence gaps");
        assertEquals(0, stream.outOfOrder(), "out of order");
        assertEquals(0, stream.timestampRegressions(), "timestamps going back");
        assertEquals(0, stream.layerChangesWithoutKeyframe(), "layer changes not at a keyframe");
        assertEquals(0, stream.corrupt(), "corrupt payloads");
        assertEquals(0, stream.stampCounterGaps(), "publisher packets skipped within a layer");
    }

    private RoomSnapshot room(String name) {
        try {
            return sfu.room(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ParticipantSnapshot participant(RoomSnapshot room, PeerSession session) {
        return room.participants().stream().filter(p -> p.id().equals(session.id())).findFirst().orElseThrow();
    }

    static SubscriptionSnapshot subscription(ParticipantSnapshot p, String track) {
        return p.subscriptions().stream().filter(s -> s.trackId().equals(track)).findFirst().orElseThrow();
    }

    static SubscriptionSnapshot subscription(RoomSnapshot room, PeerSession session, String track) {
        return subscription(participant(room, session), track);
    }

    private static long layerKbps(RoomSnapshot room, PeerSession publisher, int layer) {
        return participant(room, publisher).tracks().get(0).layers().get(layer).bitrateBps() / 1000;
    }

    static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        return RecordingObserver.await(timeout, condition);
    }
}
