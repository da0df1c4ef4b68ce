package dev.sfu.peer.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.engine.RecordingObserver;

import dev.sfu.core.model.TrackPreferences;
import dev.sfu.peer.CapturedPacket;
import dev.sfu.peer.InboundStreamStats;
import dev.sfu.peer.LossRecoveryStats;
import dev.sfu.peer.PeerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Loss recovery on both sides of the server, end to end with {@link dev.sfu.peer.JavaPeer}s over real
 * UDP, DTLS and SRTP. Upstream: the publisher loses video packets on the way out; the server NACKs them, the
 * publisher resends them (RTX when it has an RTX stream, plainly for its simulcast encodings), and the server
 * forwards the repaired packets at the sequence numbers the receiver's gaps have, so the receiver ends with
 * no hole, without NACKing anything itself. A publisher that does not answer: after its retry budget the
 * server asks for a keyframe. Downstream: a receiver that offered RTX is answered with RTX packets on the
 * RTX SSRC of its answer, which unwrap to the packets it lost, byte for byte.
 */
class LossRecoveryEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final LoopbackSfu sfu = LoopbackSfu.threads("rtx-peer", 2);

    @Test
    void publisherLossIsRepairedFromItsRtxStreamSoTheReceiverSeesNoGap() throws Exception {
        PeerSession publisher = session(PeerConfig.defaults("pub", 1).withPublishing(false, true));
        publisher.publishAndConnect();
        PeerSession receiver = session(PeerConfig.defaults("sub", 2).withPublishing(true, false));
        receiver.publishAndConnect();
        receiver.subscribeToAll(1);
        String mid = receiver.midByTrack.values().iterator().next();
        awaitVideo(receiver, mid, 30);

        long ssrc = publisher.peer.videoSsrc();
        List<Integer> lost = publisher.peer.dropOutgoing(ssrc, List.of(2, 5, 6, 11, 40)).get(10, TimeUnit.SECONDS);
        assertTrue(RecordingObserver.await(WAIT, () -> recovery(publisher).droppedOutgoing() == lost.size()
                && receiver.inbound(mid).gapsFilled() >= lost.size()),
                "not repaired: " + recovery(publisher) + ", receiver " + receiver.inbound(mid));

        // At least: loopback itself may lose a packet under load, and a slow repair is NACKed again after an RTT.
        LossRecoveryStats sent = recovery(publisher);
        assertTrue(sent.timesNacked().keySet().containsAll(lost), "the server NACKed the lost packets: " + sent);
        assertEquals(sent.resent(), sent.resentAsRtx(), "resent as RTX");
        assertTrue(sent.resentAsRtx() >= lost.size());
        assertTrue(sfu.engine().counters().repaired() >= lost.size(),
                "repaired from RTX: " + sfu.engine().counters().repaired());
        assertTrue(sfu.engine().counters().nacksSent() >= lost.size());
        assertEquals(0, sfu.engine().counters().repairsFailed());

        InboundStreamStats stream = receiver.inbound(mid);
        assertEquals(stream.missing(), stream.gapsFilled(), "every hole the receiver saw was filled");
        assertEquals(0, stream.corrupt());
        assertEquals(0, recovery(receiver).rtxReceived(), "repaired upstream, not on the receiver's NACKs");
        assertEquals(0, sfu.engine().counters().nacksReceived(), "the receiver had nothing to NACK");
    }

    @Test
    void plainResendsOfASimulcastPublisherAlsoFillTheGap() throws Exception {
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

        long low = publisher.peer.videoLayerSsrcs().get(0);
        long high = publisher.peer.videoLayerSsrcs().get(2);
        int unwatched = publisher.peer.dropOutgoing(high, List.of(0)).get(10, TimeUnit.SECONDS).get(0);
        List<Integer> lost = publisher.peer.dropOutgoing(low, List.of(1, 4, 8)).get(10, TimeUnit.SECONDS);
        assertTrue(RecordingObserver.await(WAIT, () -> recovery(publisher).droppedOutgoing() == lost.size() + 1
                && receiver.inbound(mid).gapsFilled() >= lost.size()),
                "not repaired: " + recovery(publisher) + ", receiver " + receiver.inbound(mid));
        // Lost before the last of the low layer's: it would have been NACKed by now, were anyone on layer 2.
        assertTrue(!recovery(publisher).timesNacked().containsKey(unwatched) || lost.contains(unwatched),
                "a layer nobody receives is not NACKed: " + recovery(publisher));
        assertTrue(recovery(publisher).resent() >= lost.size());
        assertTrue(recovery(publisher).timesNacked().keySet().containsAll(lost));
        assertEquals(0, recovery(publisher).resentAsRtx(), "no RTX stream for a RID encoding of this peer");
        InboundStreamStats stream = receiver.inbound(mid);
        assertEquals(stream.missing(), stream.gapsFilled());
        assertEquals(0, stream.corrupt());
    }

    @Test
    void aRepairThatFailsEndsInAKeyframeRequest() throws Exception {
        PeerSession publisher = session(PeerConfig.defaults("pub", 5).withPublishing(false, true));
        publisher.publishAndConnect();
        PeerSession receiver = session(PeerConfig.defaults("sub", 6).withPublishing(true, false));
        receiver.publishAndConnect();
        receiver.subscribeToAll(1);
        String mid = receiver.midByTrack.values().iterator().next();
        awaitVideo(receiver, mid, 30);
        publisher.peer.setAnswerNacks(false).get(10, TimeUnit.SECONDS);
        long plisBefore = publisher.stats().plisReceived();
        long keyframesBefore = receiver.inbound(mid).keyframes();

        long ssrc = publisher.peer.videoSsrc();
        int lost = publisher.peer.dropOutgoing(ssrc, List.of(3)).get(10, TimeUnit.SECONDS).get(0);
        assertTrue(RecordingObserver.await(WAIT, () -> sfu.engine().counters().repairsFailed() >= 1
                && stat(publisher) > plisBefore), "no keyframe request after the failed repair: "
                + recovery(publisher) + ", PLIs " + stat(publisher));
        int nacked = recovery(publisher).timesNacked().get(lost);
        assertTrue(nacked >= 2 && nacked <= 10, "retried, within the budget of 10: " + nacked);
        assertEquals(0, recovery(publisher).resent(), "the publisher answered nothing");
        // The keyframe that answered the PLI reaches the receiver: it decodes again.
        assertTrue(RecordingObserver.await(WAIT, () -> receiver.inbound(mid).keyframes() > keyframesBefore),
                "keyframe after the PLI");
    }

    @Test
    void aReceiverThatOfferedRtxGetsItsNackedPacketsAsRtx() throws Exception {
        PeerSession publisher = session(PeerConfig.defaults("pub", 7).withPublishing(false, true));
        publisher.publishAndConnect();
        PeerSession receiver = session(PeerConfig.defaults("sub", 8).withPublishing(true, false));
        receiver.publishAndConnect();
        receiver.subscribeToAll(1);
        String mid = receiver.midByTrack.values().iterator().next();
        awaitVideo(receiver, mid, 30);
        long ssrc = receiver.inbound(mid).ssrc();
        long rtxSsrc = receiver.peer.answeredRtxSsrc(mid).get(10, TimeUnit.SECONDS);
        assertTrue(rtxSsrc > 0 && rtxSsrc != ssrc, "the answer pairs an RTX SSRC with the media SSRC (FID)");
        assertTrue(receiver.lastAnswer.contains("a=ssrc-group:FID " + ssrc + " " + rtxSsrc), receiver.lastAnswer);

        List<Integer> seen = new ArrayList<>();
        int highest = (int) (receiver.inbound(mid).highestSequence() & 0xFFFF);
        List<Integer> plan = new ArrayList<>();
        for (int i = 3; i < 12; i += 2) {
            plan.add((highest + i) & 0xFFFF);
        }
        receiver.peer.dropIncoming(ssrc, plan).get(10, TimeUnit.SECONDS);
        assertTrue(RecordingObserver.await(WAIT, () -> receiver.droppedSequences().size() == plan.size()), "not dropped");
        Map<Integer, CapturedPacket> lost = new HashMap<>();
        for (CapturedPacket p : receiver.peer.droppedPackets().get(10, TimeUnit.SECONDS)) {
            lost.put(p.sequenceNumber(), p);
            seen.add(p.sequenceNumber());
        }
        receiver.peer.sendNack(ssrc, seen).get(10, TimeUnit.SECONDS);
        assertTrue(RecordingObserver.await(WAIT, () -> receiver.retransmissions().size() == seen.size()),
                "retransmissions: " + receiver.retransmissions());
        assertEquals(Map.of(rtxSsrc, (long) seen.size()), recovery(receiver).rtxReceivedBySsrc(),
                "every resend came as RTX on the answered RTX SSRC");
        for (CapturedPacket again : receiver.retransmissions()) {
            CapturedPacket original = lost.get(again.sequenceNumber());
            assertEquals(ssrc, again.ssrc(), "unwrapped to the media SSRC");
            assertEquals(original.timestamp(), again.timestamp());
            assertEquals(original.payloadType(), again.payloadType());
            assertEquals(original.marker(), again.marker());
            assertTrue(again.stampIntact());
            assertArrayEquals(original.payload(), again.payload(), "payload of " + again.sequenceNumber());
        }
        assertEquals(seen.size(), sfu.engine().counters().rtxSent());
        assertEquals(seen.size(), sfu.engine().counters().retransmissionsSent());
        assertEquals(0, receiver.inbound(mid).corrupt());
    }

    private static void awaitVideo(PeerSession receiver, String mid, int packets) throws InterruptedException {
        assertTrue(RecordingObserver.await(WAIT, () -> receiver.inbound(mid) != null
                && receiver.inbound(mid).packets() >= packets), "video did not flow");
    }

    private static long stat(PeerSession publisher) {
        try {
            return publisher.stats().plisReceived();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static LossRecoveryStats recovery(PeerSession session) {
        try {
            return session.peer.lossRecovery().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private PeerSession session(PeerConfig config) throws Exception {
        return sfu.join("rtx", config);
    }
}
