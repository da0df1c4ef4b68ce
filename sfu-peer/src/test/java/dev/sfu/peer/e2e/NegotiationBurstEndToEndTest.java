package dev.sfu.peer.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.engine.ParticipantHandle;
import dev.sfu.core.engine.RecordingObserver;

import dev.sfu.peer.PeerConfig;
import dev.sfu.peer.PeerStats;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Offers cannot starve forwarding (issue 14): with one media loop, a live two-peer call keeps its delivery while
 * thirty participants of another room re-offer as fast as they are answered (each with one offer in flight, as
 * the signaling session allows). Through the loop's {@link NegotiationGate} the negotiations take turns with the
 * packets instead of queueing thirty at a time ahead of them.
 */
class NegotiationBurstEndToEndTest {
    private static final int NOISY = 30;
    private static final int SECONDS = 4;

    @RegisterExtension
    final LoopbackSfu sfu = LoopbackSfu.threads("burst", 4).startedByEachTest();

    @BeforeEach
    void start() throws Exception {
        // PARANOID leak tracking would make every negotiation many times slower than in production.
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
        sfu.restart(config -> config.withMediaLoops(1));
    }

    @AfterEach
    void stop() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @Test
    void aLiveCallKeepsItsDeliveryEverySecondWhileAnotherRoomFloodsOffers() throws Exception {
        PeerSession a = session("call", 1);
        PeerSession b = session("call", 2);
        a.publishAndConnect();
        b.publishAndConnect();
        a.subscribeToAll(2);
        b.subscribeToAll(2);
        Thread.sleep(1000); // past the first keyframes

        PeerSession template = session("noisy", 3);
        String sdp = template.peer.createOffer().get(10, TimeUnit.SECONDS).sdp();
        List<ParticipantHandle> noisy = new ArrayList<>();
        for (int i = 0; i < NOISY; i++) {
            noisy.add(sfu.engine().join("noisy", "n" + i, new RecordingObserver()).get(10, TimeUnit.SECONDS)
                    .participant());
        }
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicLong answered = new AtomicLong();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (ParticipantHandle handle : noisy) {
            loops.add(reofferUntilStopped(handle, sdp, flooding, answered));
        }

        List<Double> delivery = new ArrayList<>();
        long[] last = counts(a, b);
        for (int s = 0; s < SECONDS; s++) {
            Thread.sleep(1000);
            long[] now = counts(a, b);
            long sent = now[0] - last[0];
            long received = now[1] - last[1];
            delivery.add(sent == 0 ? 0 : (double) received / sent);
            last = now;
        }
        flooding.set(false);
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        System.out.printf("negotiation burst: %d offers answered in %d s by %d participants; call delivery per "
                + "second %s%n", answered.get(), SECONDS, NOISY, delivery);
        assertTrue(answered.get() > NOISY, "the flood ran: " + answered.get());
        for (double ratio : delivery) {
            assertTrue(ratio >= 0.95, "delivery per second " + delivery);
        }
    }

    /** {sent by both peers, received by both peers}. */
    private static long[] counts(PeerSession a, PeerSession b) throws Exception {
        PeerStats sa = a.stats();
        PeerStats sb = b.stats();
        return new long[] {sa.audioPacketsSent() + sa.videoPacketsSent() + sb.audioPacketsSent()
                + sb.videoPacketsSent(), sa.packetsReceived() + sb.packetsReceived()};
    }

    private static CompletableFuture<Void> reofferUntilStopped(ParticipantHandle handle, String sdp,
            AtomicBoolean flooding, AtomicLong answered) {
        if (!flooding.get()) {
            return CompletableFuture.completedFuture(null);
        }
        return handle.offer(sdp, Map.of()).handle((answer, failure) -> {
            if (failure == null) {
                answered.incrementAndGet();
            }
            return failure == null;
        }).thenCompose(ok -> ok ? reofferUntilStopped(handle, sdp, flooding, answered)
                : CompletableFuture.completedFuture(null));
    }

    private PeerSession session(String room, int senderId) throws Exception {
        return sfu.join(room, PeerConfig.defaults(room + "-" + senderId, senderId).withVideoFrameRate(20));
    }
}
