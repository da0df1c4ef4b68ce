package dev.sfu.peer.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.engine.RecordingObserver;

import dev.sfu.core.model.TrackPreferences;
import dev.sfu.peer.CapturedPacket;
import dev.sfu.peer.InboundStreamStats;
import dev.sfu.peer.PeerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * NACKs answered by the server from its retransmission cache, end to end with {@link dev.sfu.peer.JavaPeer}s:
 * a subscriber drops chosen video packets on arrival (simulated loss), NACKs them by the sequence numbers it saw,
 * and gets them again byte for byte at the same sequence numbers and timestamps; a packet older than the cache's
 * 2 s gets nothing, and a packet NACKed again within an RTT of its resend is not resent twice. The publisher then
 * leaves: its cache must be released (Netty's leak detector at PARANOID fails the class otherwise).
 */
class RetransmissionEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final LoopbackSfu sfu = LoopbackSfu.threads("nack-peer", 2);

    @Test
    void nackedVideoPacketsComeBackIdenticalWhileTheCacheHoldsThem() throws Exception {
        PeerSession publisher = session(PeerConfig.defaults("pub", 1).withPublishing(false, true));
        publisher.publishAndConnect();
        PeerSession receiver = session(PeerConfig.defaults("sub", 2).withPublishing(true, false));
        // Plain retransmissions (same SSRC): a receiver that did not offer RTX.
        receiver.peer.setReceiveRtx(false).get(10, TimeUnit.SECONDS);
        receiver.publishAndConnect();
        receiver.subscribeToAll(1);
        String mid = receiver.midByTrack.values().iterator().next();
        assertFalse(receiver.lastAnswer.contains("a=ssrc-group:FID"), "no RTX SSRC for a receiver without RTX");
        assertTrue(RecordingObserver.await(WAIT, () -> receiver.inbound(mid) != null && receiver.inbound(mid).packets() >= 30),
                "video did not flow");
        long ssrc = receiver.inbound(mid).ssrc();

        // Loss early on: by the time it is NACKed, older than the cache's 2 s.
        List<Integer> old = lose(receiver, ssrc, mid, List.of(10, 11));
        Thread.sleep(2_300);
        List<Integer> recent = lose(receiver, ssrc, mid, List.of(10, 12, 13));
        Map<Integer, CapturedPacket> lost = new HashMap<>();
        for (CapturedPacket p : receiver.peer.droppedPackets().get(10, TimeUnit.SECONDS)) {
            lost.putIfAbsent(p.sequenceNumber(), p);
        }

        List<Integer> all = new ArrayList<>(old);
        all.addAll(recent);
        // The first resend of the last one is lost too; the NACK repeated at once must not bring a second one
        // (inside the RTT of the resend), the NACK repeated after the RTT must.
        int twiceLost = recent.get(recent.size() - 1);
        receiver.peer.dropIncoming(ssrc, List.of(twiceLost)).get(10, TimeUnit.SECONDS);
        // Both queued on the peer's loop before either is awaited, so they leave back to back: awaiting the first
        // before sending the second let a loaded machine space them past the responder's 5 ms floor (a flake).
        CompletableFuture<?> first = receiver.peer.sendNack(ssrc, all);
        CompletableFuture<?> repeated = receiver.peer.sendNack(ssrc, recent);
        CompletableFuture.allOf(first, repeated).get(10, TimeUnit.SECONDS);
        List<Integer> expected = recent.subList(0, recent.size() - 1);
        assertTrue(RecordingObserver.await(WAIT, () -> receiver.retransmissions().size() >= expected.size()
                && receiver.droppedSequences().size() == old.size() + recent.size() + 1),
                "no retransmissions: " + receiver.retransmissions() + ", dropped " + receiver.droppedSequences());
        Thread.sleep(300);
        assertEquals(expected, sequences(receiver.retransmissions()),
                "the recent packets once each (one lost again); nothing for those older than the cache");
        assertEquals(old.size() + recent.size() + 1, receiver.droppedSequences().size(), "one resend of the twice-lost");

        Thread.sleep(150);
        receiver.peer.sendNack(ssrc, List.of(twiceLost)).get(10, TimeUnit.SECONDS);
        assertTrue(RecordingObserver.await(WAIT, () -> receiver.retransmissions().size() == recent.size()),
                "a repeated NACK after the RTT is answered");
        List<CapturedPacket> copies = new ArrayList<>(receiver.retransmissions());
        copies.addAll(receiver.peer.droppedPackets().get(10, TimeUnit.SECONDS).stream()
                .filter(p -> p.sequenceNumber() == twiceLost).skip(1).toList());
        assertEquals(recent.size() + 1, copies.size());
        for (CapturedPacket again : copies) {
            CapturedPacket original = lost.get(again.sequenceNumber());
            assertEquals(ssrc, again.ssrc());
            assertEquals(original.timestamp(), again.timestamp(), "timestamp of " + again.sequenceNumber());
            assertEquals(original.payloadType(), again.payloadType());
            assertEquals(original.marker(), again.marker());
            assertTrue(again.stampIntact(), "stamp of " + again.sequenceNumber());
            assertArrayEquals(original.payload(), again.payload(), "payload of " + again.sequenceNumber());
        }
        InboundStreamStats stats = receiver.inbound(mid);
        assertEquals(0, stats.corrupt());
        assertEquals(0, stats.outOfOrder(), "retransmissions are set apart from the stream's accounting");
        assertEquals(all.size() + recent.size() + 1, sfu.engine().counters().nacksReceived(), "NACKs counted");

        // The publisher leaves: its layer's cache is closed (a leaked buffer fails the class).
        publisher.handle.leave().get(10, TimeUnit.SECONDS);
        assertTrue(RecordingObserver.await(WAIT, () -> receiver.events.left.contains(publisher.id())));
        receiver.peer.sendNack(ssrc, recent).get(10, TimeUnit.SECONDS);
        Thread.sleep(200);
        assertEquals(recent.size(), receiver.retransmissions().size(), "nothing resent after the publisher left");
    }

    @Test
    void nacksAcrossASimulcastLayerSwitchNameTheRightSourcePackets() throws Exception {
        // Switches at the publisher's keyframes: a start from the keyframe cache sends a burst of the new layer's
        // recent past (up to a second), which moves this receiver's SRTP replay window (128 packets in JavaPeer;
        // Chromium's is 1024) past the layer-0 packets lost before the switch, so their resends would be refused
        // there. KeyframeCacheEndToEndTest covers the cached start.
        sfu.restart(config -> config.withKeyframeCacheMaxAge(Duration.ZERO));
        PeerSession publisher = session(PeerConfig.defaults("pub", 3).withPublishing(false, true).withSimulcast(3));
        publisher.publishAndConnect();
        PeerSession receiver = session(PeerConfig.defaults("sub", 4).withPublishing(true, false));
        receiver.publishAndConnect();
        receiver.subscribeToAll(1);
        String track = receiver.midByTrack.keySet().iterator().next();
        String mid = receiver.midByTrack.get(track);
        receiver.handle.setPreferences(track, new TrackPreferences(0, 0, 0, -1, false, 0)).get(10, TimeUnit.SECONDS);
        assertTrue(RecordingObserver.await(WAIT, () -> receiver.inbound(mid) != null
                && receiver.inbound(mid).packets() >= 20 && receiver.inbound(mid).layer() == 0), "layer 0 flows");
        long ssrc = receiver.inbound(mid).ssrc();
        List<Integer> low = lose(receiver, ssrc, mid, List.of(3, 5));

        receiver.handle.setPreferences(track, new TrackPreferences(2, 0, 0, -1, false, 0)).get(10, TimeUnit.SECONDS);
        assertTrue(RecordingObserver.await(WAIT, () -> receiver.inbound(mid).layer() == 2), "switched to layer 2");
        List<Integer> high = lose(receiver, ssrc, mid, List.of(3, 4));

        Map<Integer, CapturedPacket> lost = new HashMap<>();
        for (CapturedPacket p : receiver.peer.droppedPackets().get(10, TimeUnit.SECONDS)) {
            lost.put(p.sequenceNumber(), p);
        }
        List<Integer> all = new ArrayList<>(low);
        all.addAll(high);
        receiver.peer.sendNack(ssrc, all).get(10, TimeUnit.SECONDS);
        assertTrue(RecordingObserver.await(WAIT, () -> receiver.retransmissions().size() == all.size()),
                "retransmissions: " + receiver.retransmissions());
        for (CapturedPacket again : receiver.retransmissions()) {
            CapturedPacket original = lost.get(again.sequenceNumber());
            assertEquals(original.timestamp(), again.timestamp(), "timestamp of " + again.sequenceNumber());
            assertTrue(again.stampIntact(), "stamp of " + again.sequenceNumber());
            // The stamp names the publisher's layer: a packet from the wrong layer's cache would differ here.
            assertArrayEquals(original.payload(), again.payload(), "payload of " + again.sequenceNumber());
        }
        assertEquals(0, receiver.inbound(mid).corrupt());
    }

    /**
     * Drops the packets {@code offsets} after the highest sequence number received so far and returns those it
     * saw and dropped, sorted. It waits until they went by or the stream passed them, and names only packets it
     * has seen: some may never come (lost on loopback under load), and right after a layer switch the new
     * layer's keyframe burst can pass them before the drop plan is in place; then it tries again further on.
     */
    private static List<Integer> lose(PeerSession receiver, long ssrc, String mid, List<Integer> offsets)
            throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            long highest = receiver.inbound(mid).highestSequence();
            List<Integer> planned = offsets.stream().map(o -> (int) ((highest + o) & 0xFFFF)).sorted().toList();
            long last = highest + offsets.stream().mapToInt(Integer::intValue).max().orElse(0);
            receiver.peer.dropIncoming(ssrc, planned).get(10, TimeUnit.SECONDS);
            assertTrue(RecordingObserver.await(WAIT, () -> receiver.droppedSequences().containsAll(planned)
                    || receiver.inbound(mid).highestSequence() > last), "the stream stalled before " + planned);
            List<Integer> seen = planned.stream().filter(receiver.droppedSequences()::contains).toList();
            if (!seen.isEmpty()) {
                return seen;
            }
        }
        throw new AssertionError("none of the planned packets could be dropped in 5 attempts");
    }

    private static List<Integer> sequences(List<CapturedPacket> packets) {
        return packets.stream().map(CapturedPacket::sequenceNumber).sorted().toList();
    }

    private PeerSession session(PeerConfig config) throws Exception {
        return sfu.join("nack", config);
    }
}
