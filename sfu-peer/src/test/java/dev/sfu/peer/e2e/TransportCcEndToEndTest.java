package dev.sfu.peer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.engine.RecordingObserver;

import dev.sfu.core.model.BandwidthEstimateSnapshot;
import dev.sfu.core.model.LayerSnapshot;
import dev.sfu.core.model.ParticipantSnapshot;
import dev.sfu.core.model.RoomSnapshot;
import dev.sfu.peer.InboundStreamStats;
import dev.sfu.peer.JavaPeer;
import dev.sfu.peer.PeerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * transport-cc end to end with {@link dev.sfu.peer.JavaPeer}s: a publisher sends three simulcast layers
 * (~150 kbps, ~500 kbps, ~1.5 Mbps); a receiver negotiates transport-cc and sends feedback on what arrives
 * through a simulated rate-limited link (drop-tail, 300 ms of queue) in front of it. The server's send-side
 * estimate, not REMB, decides its layer: it probes its way up to the top layer, falls below a limit set
 * under it and drops a layer, and climbs back once the limit is lifted. Figures are printed with the prefix
 * {@code transport-cc e2e:}.
 */
class TransportCcEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    final LoopbackSfu sfu = LoopbackSfu.threads("tcc-peer", 2);

    @Test
    void estimateFromFeedbackProbesUpFollowsARateLimitDownAndRecovers() throws Exception {
        PeerSession publisher = join("tcc", PeerConfig.defaults("pub", 300).withPublishing(false, true)
                .withVideoFrameRate(30).withSimulcast(3));
        publisher.publishAndConnect();
        assertTrue(await(WAIT, () -> !participant(publisher).tracks().isEmpty()), "track published");
        String track = participant(publisher).tracks().get(0).id();

        PeerSession receiver = join("tcc", PeerConfig.defaults("sub", 301).withPublishing(false, false));
        receiver.peer.enableTransportCc().get(10, TimeUnit.SECONDS);
        assertTrue(await(WAIT, () -> receiver.knownRemoteTracks().stream().anyMatch(t -> t.id().equals(track))));
        receiver.subscribe(receiver.knownRemoteTracks().stream().filter(t -> t.id().equals(track)).findFirst()
                .orElseThrow());
        String answer = receiver.negotiate();
        assertTrue(answer.contains("transport-wide-cc"), "transport-cc answered");
        receiver.peer.mediaReady().get(10, TimeUnit.SECONDS);
        long connected = System.nanoTime();

        // Up: the start estimate (1 Mbps) covers layer 1; layer 2 needs a probe to prove the path first.
        // (Layer rates are measured: in the first second a layer can look cheaper than it is, and be given.)
        assertTrue(await(Duration.ofSeconds(20), () -> layer(receiver, track) == 2
                && video(receiver, track).lastKeyframeWidth() == 1280 && estimate(receiver).probeSuccesses() > 0),
                "probed up to layer 2: " + estimate(receiver));
        long upMillis = (System.nanoTime() - connected) / 1_000_000;
        BandwidthEstimateSnapshot up = estimate(receiver);
        assertEquals("transport-cc", up.source());
        assertTrue(up.probeSuccesses() >= 1, "a probe raised the estimate: " + up);
        assertTrue(up.feedbacks() > 0 && up.packetsStamped() > 0, up.toString());
        assertTrue(up.estimateBps() > dev.sfu.core.bwe.SendSideBandwidthEstimator.DEFAULT_START_BPS, "a probe raised the estimate above the start: " + up);

        // Down: a link halfway between layer 1 and layer 2 as measured now (on a loaded machine the peer may
        // send less than its nominal rates) cannot carry layer 2: the estimate must go below the limit.
        List<LayerSnapshot> layers = participant(publisher).tracks().get(0).layers();
        long limitBps = Math.max(300_000, (layers.get(1).bitrateBps() + layers.get(2).bitrateBps()) / 2);
        receiver.peer.setDownlinkLimit(limitBps).get(10, TimeUnit.SECONDS);
        long limited = System.nanoTime();
        assertTrue(await(WAIT, () -> estimate(receiver).estimateBps() < limitBps),
                "estimate below the limit: " + estimate(receiver));
        long belowMillis = (System.nanoTime() - limited) / 1_000_000;
        assertTrue(await(WAIT, () -> layer(receiver, track) < 2 && video(receiver, track).lastKeyframeWidth() < 1280),
                "dropped a layer: " + estimate(receiver));
        long downMillis = (System.nanoTime() - limited) / 1_000_000;
        List<Long> estimates = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Thread.sleep(500);
            estimates.add(estimate(receiver).estimateBps() / 1000);
        }
        int limitedLayer = layer(receiver, track);
        JavaPeer.TransportCcStats link = receiver.peer.transportCcStats().get(10, TimeUnit.SECONDS);

        // Up again: limit lifted, a later probe finds the room and the receiver returns to layer 2.
        receiver.peer.setDownlinkLimit(0).get(10, TimeUnit.SECONDS);
        long lifted = System.nanoTime();
        assertTrue(await(Duration.ofSeconds(45), () -> layer(receiver, track) == 2
                && video(receiver, track).lastKeyframeWidth() == 1280), "back to layer 2: " + estimate(receiver));
        long recoverMillis = (System.nanoTime() - lifted) / 1_000_000;
        BandwidthEstimateSnapshot end = estimate(receiver);
        assertTrue(end.estimateBps() > limitBps, "above the lifted limit again: " + end);

        System.out.printf("transport-cc e2e: start -> layer 2 after %d ms (probes %d, successes %d, estimate %d kbps)%n",
                upMillis, up.probes(), up.probeSuccesses(), up.estimateBps() / 1000);
        System.out.printf("transport-cc e2e: layers %s kbps%n", layers.stream().map(l -> l.bitrateBps() / 1000).toList());
        System.out.printf("transport-cc e2e: limit %d kbps -> estimate below it after %d ms, layer %d after %d ms; "
                + "estimate every 500 ms after: %s kbps; link dropped %d packets%n", limitBps / 1000, belowMillis,
                limitedLayer, downMillis, estimates, link.droppedByLimit());
        System.out.printf("transport-cc e2e: limit lifted -> layer 2 after %d ms (estimate %d kbps, probes %d, "
                + "successes %d)%n", recoverMillis, end.estimateBps() / 1000, end.probes(), end.probeSuccesses());
    }

    private PeerSession join(String room, PeerConfig config) throws Exception {
        PeerSession s = sfu.join(room, config);
        return s;
    }

    private ParticipantSnapshot participant(PeerSession session) {
        try {
            RoomSnapshot room = sfu.room("tcc");
            return room.participants().stream().filter(p -> p.id().equals(session.id())).findFirst().orElseThrow();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private BandwidthEstimateSnapshot estimate(PeerSession receiver) {
        return participant(receiver).bandwidthEstimation();
    }

    private int layer(PeerSession receiver, String track) {
        return participant(receiver).subscriptions().stream().filter(s -> s.trackId().equals(track)).findFirst()
                .orElseThrow().currentLayer();
    }

    private static InboundStreamStats video(PeerSession receiver, String track) {
        try {
            InboundStreamStats stream = receiver.stats().inboundByMid(receiver.midByTrack.get(track));
            return stream != null ? stream : receiver.stats().inbound().get(0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        return RecordingObserver.await(timeout, condition);
    }
}
