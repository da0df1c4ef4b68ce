package dev.sfu.peer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.engine.RecordingObserver;

import dev.sfu.core.ice.IceBindingRequests;
import dev.sfu.core.ice.IceCredentials;
import dev.sfu.core.model.ParticipantSnapshot;
import dev.sfu.core.model.RoomSnapshot;
import dev.sfu.core.model.SubscriptionSnapshot;
import dev.sfu.core.model.TrackSnapshot;
import dev.sfu.core.sdp.MediaSection;
import dev.sfu.core.sdp.SessionDescription;
import dev.sfu.core.stun.StunAttribute;
import dev.sfu.core.stun.StunMessage;
import dev.sfu.core.transport.DropReason;
import dev.sfu.core.transport.ForwardingDelays;
import dev.sfu.peer.InboundStreamStats;
import dev.sfu.peer.PeerConfig;
import dev.sfu.peer.PeerStats;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The media plane end to end with {@link dev.sfu.peer.JavaPeer}s instead of browsers: real UDP on
 * 127.0.0.1, ICE, DTLS, SRTP, forwarding, and what each receiver got checked packet by packet (SSRC from the
 * answer, contiguous sequence numbers, keyframe first, stamped sender and CRC).
 */
class JavaPeersEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int FPS = 20;
    private static final long MIN_AUDIO_PACKETS = 40;
    private static final long MIN_VIDEO_PACKETS = 30;

    @RegisterExtension
    final LoopbackSfu sfu = LoopbackSfu.threads("java-peer", 4);
    private int nextSenderId = 100;

    // ---- 1. three peers, full mesh ----

    @Test
    void threePeersReceiveEachOthersAudioAndVideoIntact() throws Exception {
        List<PeerSession> room = fullMesh("mesh", 3);
        for (PeerSession receiver : room) {
            awaitFlow(receiver);
        }
        RoomSnapshot snapshot = sfu.room("mesh");
        assertEquals(3, snapshot.participants().size());
        long total = 0;
        for (PeerSession receiver : room) {
            PeerStats stats = receiver.stats();
            assertReceivesExactly(receiver, stats);
            assertSnapshotSsrcsMatchAnswer(snapshot, receiver, stats);
            total += stats.packetsReceived();
        }
        // Every received datagram that caused sends has its delay counted (read to flushed), and none can be
        // counted more often than the datagrams received.
        ForwardingDelays delays = sfu.engine().traffic().forwardingDelays();
        assertTrue(delays.count() > 0 && delays.count() <= sfu.engine().traffic().packetsIn(),
                "forwarding delays counted");
        assertTrue(delays.totalSeconds() > 0);
        // Each copy the fan-out handed to the kernel has its own delay, counted once per copy sent.
        ForwardingDelays copies = sfu.engine().traffic().copyDelays();
        assertTrue(copies.count() > 0 && copies.count() <= sfu.engine().traffic().packetsOut(), "copy delays counted");
        System.out.printf("e2e mesh: 3 peers received %d packets in total; drops %s; %d forwarded datagrams held %.1f us "
                + "on average%n", total, nonZero(sfu.engine().drops().snapshot()), delays.count(),
                delays.totalSeconds() * 1e6 / delays.count());
    }

    // ---- 2. room isolation ----

    @Test
    void mediaNeverCrossesRooms() throws Exception {
        List<PeerSession> blue = fullMesh("blue", 2);
        List<PeerSession> green = fullMesh("green", 2);
        // A peer in blue names a green track in its subscriptions: the m-line must carry nothing (idle or rejected).
        PeerSession intruder = blue.get(0);
        TrackSnapshot greenVideo = green.get(1).knownRemoteTracks().stream()
                .filter(t -> t.kind().equals("video")).findFirst().orElseThrow();
        String mid = intruder.peer.addReceiver("video", greenVideo.id()).get(10, TimeUnit.SECONDS);
        String answer = intruder.negotiate();
        assertTrue(silentMids(answer).contains(mid), "cross-room subscription must carry nothing: " + answer);
        assertFalse(answer.contains(green.get(1).handle.id()), "no msid of the other room's publisher");

        for (PeerSession s : blue) {
            awaitFlow(s);
        }
        for (PeerSession s : green) {
            awaitFlow(s);
        }
        assertOnlyFrom(blue);
        assertOnlyFrom(green);
        PeerStats intruderStats = intruder.stats();
        assertFalse(intruderStats.answeredSsrcs().containsKey(mid));
        assertEquals(2, intruderStats.inbound().size(), "the intruder receives only its own room's two tracks");
        for (String name : List.of("blue", "green")) {
            RoomSnapshot room = sfu.room(name);
            assertEquals(2, room.participants().size(), name);
        }
    }

    // ---- 3. leaving releases ----

    @Test
    void leavingReleasesTracksSubscriptionsAndTheEmptyRoom() throws Exception {
        List<PeerSession> room = fullMesh("leave", 3);
        for (PeerSession s : room) {
            awaitFlow(s);
        }
        PeerSession a = room.get(0);
        PeerSession b = room.get(1);
        PeerSession c = room.get(2);
        c.handle.leave().get(10, TimeUnit.SECONDS);

        for (PeerSession s : List.of(a, b)) {
            assertTrue(RecordingObserver.await(WAIT, () -> s.events.left.contains(c.id())), "participantLeft");
            assertTrue(RecordingObserver.await(WAIT, () -> s.events.unpublished.stream()
                    .filter(t -> t.participantId().equals(c.id())).count() == 2), "two trackUnpublished");
        }
        RoomSnapshot snapshot = sfu.room("leave");
        Set<String> present = new HashSet<>();
        for (ParticipantSnapshot p : snapshot.participants()) {
            present.add(p.id());
            for (SubscriptionSnapshot sub : p.subscriptions()) {
                assertFalse(sub.publisherId().equals(c.id()), "subscription to the departed peer left behind");
            }
        }
        assertEquals(Set.of(a.id(), b.id()), present);

        // Nothing reaches the departed peer any more (its socket stays open to see it).
        Thread.sleep(300);
        long before = c.stats().packetsReceived();
        Thread.sleep(1000);
        assertEquals(before, c.stats().packetsReceived(), "packets still sent to the departed peer");

        // The others renegotiate as a browser does: stop the transceivers of the departed tracks.
        for (PeerSession s : List.of(a, b)) {
            for (TrackSnapshot t : s.events.unpublished) {
                s.peer.removeReceiver(t.id()).get(10, TimeUnit.SECONDS);
                s.midByTrack.remove(t.id());
                s.subscribed.remove(t.id());
            }
            s.negotiate();
        }
        long aBefore = a.stats().packetsReceived();
        assertTrue(RecordingObserver.await(WAIT, () -> stat(a).packetsReceived() > aBefore + 50),
                "a still receives b");

        a.handle.leave().get(10, TimeUnit.SECONDS);
        assertEquals(1, sfu.room("leave").participants().size());
        b.handle.leave().get(10, TimeUnit.SECONDS);
        assertTrue(sfu.engine().rooms().get(10, TimeUnit.SECONDS).isEmpty(), "the empty room is gone");
        assertEquals(0, sfu.engine().participantCount());
        assertEquals(0, sfu.engine().roomCount());
    }

    // ---- 4. consent freshness ----

    @Test
    void peerWhoseNetworkVanishedIsDroppedAfterConsentTimeout() throws Exception {
        List<PeerSession> room = pairWithSecondSilenced("consent");
        PeerSession stays = room.get(0);
        PeerSession silent = room.get(1);
        long stopped = System.nanoTime();

        String reason = silent.events.closed.get(5 + 2, TimeUnit.SECONDS);
        long elapsedMillis = (System.nanoTime() - stopped) / 1_000_000;
        assertTrue(reason.contains("consent"), reason);
        assertTrue(RecordingObserver.await(Duration.ofSeconds(2), () -> stays.events.left.contains(silent.id())));
        RoomSnapshot snapshot = sfu.room("consent");
        assertEquals(List.of(stays.id()), snapshot.participants().stream().map(ParticipantSnapshot::id).toList());
        assertFalse(stays.events.closed.isDone(), "the peer that keeps checking stays");
        System.out.printf("e2e consent: dropped %d ms after its network went silent (%s)%n", elapsedMillis, reason);
    }

    @Test
    void authenticatedMediaWithoutChecksKeepsConsent() throws Exception {
        // libnice (GStreamer's webrtcbin) keeps a selected pair alive with Binding indications, not checks:
        // its SRTP, which only the DTLS peer can authenticate, is what shows it is still there.
        List<PeerSession> room = fullMesh("media-consent", 2);
        PeerSession watcher = room.get(0);
        PeerSession mediaOnly = room.get(1);
        awaitFlow(watcher);
        mediaOnly.peer.setIceChecksEnabled(false).get(10, TimeUnit.SECONDS);
        Thread.sleep(5_000 + 3_000); // the consent timeout (5 s) and the one-second check, with margin
        assertFalse(mediaOnly.events.closed.isDone(), "a peer sending authenticated media keeps consent");
        long before = stat(watcher).packetsReceived();
        assertTrue(RecordingObserver.await(WAIT, () -> stat(watcher).packetsReceived() > before + 50),
                "its media still reaches the other peer");
        RoomSnapshot snapshot = sfu.room("media-consent");
        assertEquals(2, snapshot.participants().size());
    }

    @Test
    void bindingIndicationsDoNotKeepConsent() throws Exception {
        List<PeerSession> room = pairWithSecondSilenced("indications");
        PeerSession stays = room.get(0);
        PeerSession silent = room.get(1);
        // RFC 8445 section 11 keepalives: anyone can forge one (no MESSAGE-INTEGRITY), so they prove nothing.
        byte[] indication = bindingIndication();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5 + 3);
        while (!silent.events.closed.isDone() && System.nanoTime() < deadline) {
            silent.peer.sendRaw(indication).get(10, TimeUnit.SECONDS);
            Thread.sleep(250);
        }
        String reason = silent.events.closed.get(2, TimeUnit.SECONDS);
        assertTrue(reason.contains("consent"), reason);
        assertFalse(stays.events.closed.isDone());
    }

    /** Two peers exchanging media; then the second one's network goes silent (no checks, media or RTCP). */
    private List<PeerSession> pairWithSecondSilenced(String roomName) throws Exception {
        List<PeerSession> room = fullMesh(roomName, 2);
        awaitFlow(room.get(0));
        room.get(1).peer.setSilent(true).get(10, TimeUnit.SECONDS);
        return room;
    }

    private static byte[] bindingIndication() {
        byte[] transactionId = new byte[StunMessage.TRANSACTION_ID_LENGTH];
        new Random(11).nextBytes(transactionId);
        ByteBuf encoded = StunMessage.of(StunMessage.BINDING_INDICATION, transactionId, List.of())
                .encode(UnpooledByteBufAllocator.DEFAULT, null, true);
        try {
            return ByteBufUtil.getBytes(encoded);
        } finally {
            encoded.release();
        }
    }

    // ---- 5. hostile input ----

    @Test
    void garbageFromStrangersAndFromAPeerSocketIsDroppedWhileMediaFlows() throws Exception {
        List<PeerSession> room = fullMesh("hostile", 2);
        PeerSession victim = room.get(0);
        PeerSession other = room.get(1);
        awaitFlow(victim);
        awaitFlow(other);
        Map<DropReason, Long> dropsBefore = sfu.engine().drops().snapshot();
        long victimBefore = victim.stats().packetsReceived();
        long otherBefore = other.stats().packetsReceived();

        Random random = new Random(7);
        InetSocketAddress sfuAddress = sfu.engine().mediaAddress("hostile").orElseThrow();
        int rounds = 40;
        try (DatagramSocket stranger = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            for (int i = 0; i < rounds; i++) {
                for (byte[] garbage : garbage(random)) {
                    stranger.send(new DatagramPacket(garbage, garbage.length, InetAddress.getByName("127.0.0.1"),
                            sfuAddress.getPort()));
                    victim.peer.sendRaw(garbage).get(10, TimeUnit.SECONDS);
                }
                Thread.sleep(20);
            }
        }
        // Media keeps flowing both ways, without a gap or a corrupt payload.
        assertTrue(RecordingObserver.await(WAIT, () -> stat(victim).packetsReceived() > victimBefore + 150
                && stat(other).packetsReceived() > otherBefore + 150), "media flow stalled");
        assertReceivesExactly(victim, victim.stats());
        assertReceivesExactly(other, other.stats());
        assertFalse(victim.events.closed.isDone());

        Map<DropReason, Long> after = sfu.engine().drops().snapshot();
        Map<DropReason, Long> delta = new HashMap<>();
        for (DropReason reason : DropReason.values()) {
            delta.put(reason, after.get(reason) - dropsBefore.get(reason));
        }
        // stranger: random, DTLS- and RTP-looking -> unknown address; truncated STUN; unknown ufrag
        assertTrue(delta.get(DropReason.UNKNOWN_ADDRESS) >= 3L * rounds, delta.toString());
        assertTrue(delta.get(DropReason.MALFORMED_STUN) >= 2L * rounds, delta.toString());
        assertTrue(delta.get(DropReason.UNKNOWN_ICE_USERNAME) >= rounds, delta.toString());
        // the peer's own socket: wrong USERNAME answered 401; random first byte; forged SRTP
        assertTrue(delta.get(DropReason.STUN_REJECTED) >= rounds, delta.toString());
        assertTrue(delta.get(DropReason.UNKNOWN_PROTOCOL) >= rounds, delta.toString());
        assertTrue(delta.get(DropReason.SRTP_AUTH_FAILED) >= rounds, delta.toString());
        assertTrue(victim.stats().iceErrorResponses() >= rounds, "the peer saw the 401s to its forged checks");
        System.out.printf("e2e hostile: %d garbage datagrams, drops counted %s%n", 2 * 5 * rounds, nonZero(delta));
    }

    /** One of each: random bytes, truncated STUN, STUN with a wrong USERNAME, DTLS-looking, RTP-looking. */
    private static List<byte[]> garbage(Random random) {
        byte[] noise = randomBytes(random, 20 + random.nextInt(200));
        noise[0] = (byte) (64 + random.nextInt(64)); // neither STUN, DTLS nor RTP
        ByteBuf check = IceBindingRequests.controllingCheck(UnpooledByteBufAllocator.DEFAULT,
                new IceCredentials("evil", "evilevilevilevilevilevil"),
                new IceCredentials("nobody", "nobodynobodynobodynobody"), 1, true, 1);
        byte[] truncated;
        try {
            truncated = ByteBufUtil.getBytes(check, 0, 30);
        } finally {
            check.release();
        }
        ByteBuf wrongUser = StunMessage.of(StunMessage.BINDING_REQUEST, StunMessage.newTransactionId(),
                        List.of(StunAttribute.username("nobody:evil"), StunAttribute.priority(1),
                                StunAttribute.iceControlling(1)))
                .encode(UnpooledByteBufAllocator.DEFAULT, "wrong-password-wrong-pwd".getBytes(), true);
        byte[] stun;
        try {
            stun = ByteBufUtil.getBytes(wrongUser);
        } finally {
            wrongUser.release();
        }
        byte[] dtlsLike = randomBytes(random, 60 + random.nextInt(100));
        dtlsLike[0] = 22;
        dtlsLike[1] = (byte) 0xFE;
        dtlsLike[2] = (byte) 0xFD;
        byte[] rtpLike = randomBytes(random, 100 + random.nextInt(200));
        rtpLike[0] = (byte) 0x80;
        rtpLike[1] = (byte) (random.nextBoolean() ? 96 : 111);
        return List.of(noise, truncated, stun, dtlsLike, rtpLike);
    }

    // ---- 6. keyframe on demand ----

    @Test
    void subscriberPliReachesThePublisherThrottled() throws Exception {
        List<PeerSession> room = fullMesh("pli", 3);
        for (PeerSession s : room) {
            awaitFlow(s);
        }
        PeerSession publisher = room.get(0);
        List<PeerSession> subscribers = room.subList(1, 3);
        TrackSnapshot video = subscribers.get(0).knownRemoteTracks().stream()
                .filter(t -> t.participantId().equals(publisher.id()) && t.kind().equals("video"))
                .findFirst().orElseThrow();
        assertEquals(publisher.peer.videoSsrc(), video.ssrc(), "the SFU learned the publisher's SSRC");
        Thread.sleep(500); // let the PLIs of the subscription start settle

        // One subscriber asks once: the publisher sees a PLI and sends a keyframe that reaches the subscriber.
        PeerSession asker = subscribers.get(0);
        long outgoingSsrc = asker.stats().answeredSsrcs().get(asker.midByTrack.get(video.id()));
        long plisBefore = publisher.stats().plisReceived();
        long keyframesBefore = asker.stats().inboundBySsrc(outgoingSsrc).keyframes();
        asker.peer.requestKeyframe(outgoingSsrc).get(10, TimeUnit.SECONDS);
        assertTrue(RecordingObserver.await(Duration.ofSeconds(2),
                () -> stat(publisher).plisReceived() > plisBefore), "publisher saw no PLI");
        assertTrue(RecordingObserver.await(Duration.ofSeconds(2),
                () -> stat(asker).inboundBySsrc(outgoingSsrc).keyframes() > keyframesBefore), "no keyframe came");

        // Both subscribers ask every 50 ms for a second: the publisher sees a few PLIs, not forty.
        Thread.sleep(400);
        long burstBefore = publisher.stats().plisReceived();
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            for (PeerSession s : subscribers) {
                long ssrc = s.stats().answeredSsrcs().get(s.midByTrack.get(video.id()));
                s.peer.requestKeyframe(ssrc).get(10, TimeUnit.SECONDS);
            }
            Thread.sleep(50);
        }
        Thread.sleep(400);
        double seconds = (System.nanoTime() - start) / 1e9;
        long seen = publisher.stats().plisReceived() - burstBefore;
        assertTrue(seen >= 1, "no PLI reached the publisher");
        assertTrue(seen <= Math.ceil(seconds / 0.3) + 1, seen + " PLIs in " + seconds + " s");
        System.out.printf("e2e pli: 40 requests from 2 subscribers in %.2f s -> %d PLIs at the publisher%n",
                seconds, seen);
    }

    // ---- helpers ----

    private PeerSession newSession(String room) throws Exception {
        int senderId = nextSenderId++;
        return sfu.join(room, PeerConfig.defaults(room + "-" + senderId, senderId).withVideoFrameRate(FPS));
    }

    /** n peers join and publish one after another; then each subscribes to all the others' tracks. */
    private List<PeerSession> fullMesh(String room, int n) throws Exception {
        List<PeerSession> peers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PeerSession s = newSession(room);
            s.publishAndConnect();
            peers.add(s);
        }
        for (PeerSession s : peers) {
            s.subscribeToAll(2 * (n - 1));
        }
        return peers;
    }

    private static PeerStats stat(PeerSession s) {
        try {
            return s.stats();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Waits until every subscribed stream delivered enough packets. */
    private static void awaitFlow(PeerSession receiver) throws InterruptedException {
        boolean ok = RecordingObserver.await(WAIT, () -> {
            PeerStats stats = stat(receiver);
            for (Map.Entry<String, String> e : receiver.midByTrack.entrySet()) {
                InboundStreamStats in = stats.inboundByMid(e.getValue());
                long min = receiver.subscribed.get(e.getKey()).kind().equals("video")
                        ? MIN_VIDEO_PACKETS : MIN_AUDIO_PACKETS;
                if (in == null || in.packets() < min) {
                    return false;
                }
            }
            return true;
        });
        assertTrue(ok, "media did not flow to " + receiver.peer.config().name() + ": " + stat(receiver));
    }

    /** Each subscribed track arrived on the answered SSRC, contiguous, keyframe first, intact, from its sender. */
    private void assertReceivesExactly(PeerSession receiver, PeerStats stats) {
        String who = receiver.peer.config().name();
        assertEquals(0, stats.unknownSsrcPackets(), who + ": packets on SSRCs the answer did not announce");
        assertEquals(0, stats.srtpInboundFailures(), who);
        assertEquals(receiver.midByTrack.size(), stats.inbound().size(), who + ": " + stats.inbound());
        for (Map.Entry<String, String> e : receiver.midByTrack.entrySet()) {
            TrackSnapshot track = receiver.subscribed.get(e.getKey());
            String what = who + " <- " + track;
            Long ssrc = stats.answeredSsrcs().get(e.getValue());
            assertNotNull(ssrc, what + ": no SSRC in the answer");
            InboundStreamStats in = stats.inboundBySsrc(ssrc);
            assertNotNull(in, what + ": nothing on SSRC " + ssrc);
            assertEquals(e.getValue(), in.mid(), what);
            assertEquals(track.kind(), in.kind(), what);
            assertTrue(in.packets() >= (track.kind().equals("video") ? MIN_VIDEO_PACKETS : MIN_AUDIO_PACKETS),
                    what + ": " + in);
            assertEquals(0, in.missing(), what + ": gaps " + in);
            assertEquals(0, in.outOfOrder(), what + ": " + in);
            assertTrue(in.firstWasKeyframeStart(), what + ": first video packet not a keyframe start " + in);
            assertEquals(0, in.corrupt(), what + ": " + in);
            assertEquals(0, in.kindMismatches(), what + ": " + in);
            assertEquals(0, in.senderIdChanges(), what + ": " + in);
            assertEquals(senderOf(track.participantId()), in.senderId(), what + ": wrong sender " + in);
            if (track.kind().equals("video")) {
                assertTrue(in.keyframes() >= 1 && in.frames() >= 1, what + ": " + in);
            }
        }
    }

    private int senderOf(String participantId) {
        for (PeerSession s : sfu.sessions()) {
            if (s.id().equals(participantId)) {
                return s.senderId();
            }
        }
        throw new AssertionError("no session for " + participantId);
    }

    /** The SSRC each subscription snapshot shows is the one the receiver's answer announced. */
    private static void assertSnapshotSsrcsMatchAnswer(RoomSnapshot snapshot, PeerSession receiver, PeerStats stats) {
        ParticipantSnapshot me = snapshot.participants().stream().filter(p -> p.id().equals(receiver.id()))
                .findFirst().orElseThrow();
        assertEquals(receiver.midByTrack.size(), me.subscriptions().size());
        for (SubscriptionSnapshot sub : me.subscriptions()) {
            assertEquals(receiver.midByTrack.get(sub.trackId()), sub.mid());
            assertEquals(stats.answeredSsrcs().get(sub.mid()), sub.ssrc());
            assertTrue(sub.forwarding() && sub.packets() > 0, sub.toString());
        }
    }

    /** Everything the peers of a room received was stamped by a peer of that room. */
    private static void assertOnlyFrom(List<PeerSession> room) throws Exception {
        Set<Integer> senders = new HashSet<>();
        for (PeerSession s : room) {
            senders.add(s.senderId());
        }
        for (PeerSession s : room) {
            PeerStats stats = s.stats();
            assertEquals(0, stats.unknownSsrcPackets());
            for (InboundStreamStats in : stats.inbound()) {
                assertTrue(senders.contains(in.senderId()) && in.senderId() != s.senderId(),
                        s.peer.config().name() + " got media from sender " + in.senderId());
                assertEquals(0, in.senderIdChanges());
                assertEquals(0, in.corrupt());
            }
        }
    }

    /** Mids the server sends nothing on: rejected (port 0) or kept idle (a=inactive, no SSRC). */
    private static Set<String> silentMids(String answer) throws Exception {
        Set<String> mids = new HashSet<>();
        for (MediaSection m : SessionDescription.parse(answer).media()) {
            if (m.port() == 0 || m.has("inactive") && !m.has("ssrc")) {
                mids.add(m.value("mid"));
            }
        }
        return mids;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static Map<DropReason, Long> nonZero(Map<DropReason, Long> counts) {
        Map<DropReason, Long> out = new java.util.EnumMap<>(DropReason.class);
        counts.forEach((k, v) -> {
            if (v != 0) {
                out.put(k, v);
            }
        });
        return out;
    }
}
