package dev.sfu.peer.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.engine.JoinResult;
import dev.sfu.core.engine.ParticipantHandle;
import dev.sfu.core.engine.RecordingObserver;
import dev.sfu.core.engine.SfuEngine;

import dev.sfu.core.model.JoinOptions;
import dev.sfu.core.model.ParticipantSnapshot;
import dev.sfu.core.model.TrackSnapshot;
import dev.sfu.peer.CapturedPacket;
import dev.sfu.peer.InboundStreamStats;
import dev.sfu.peer.JavaPeer;
import dev.sfu.peer.LocalOffer;
import dev.sfu.peer.PeerConfig;
import dev.sfu.peer.PeerStats;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One browser-like participant for end-to-end tests: a {@link JavaPeer} signalled through the engine's Java API
 * the way the web client does it (join, offer its own tracks, then re-offer with recvonly m-lines naming the
 * tracks it wants). Every wait is bounded.
 */
final class PeerSession implements AutoCloseable {
    static final long WAIT_SECONDS = 10;

    final JavaPeer peer;
    final ParticipantHandle handle;
    final RecordingObserver events;
    final List<ParticipantSnapshot> othersAtJoin;
    /** trackId -> mid of the recvonly m-line receiving it. */
    final Map<String, String> midByTrack = new LinkedHashMap<>();
    /** trackId -> the track as announced. */
    final Map<String, TrackSnapshot> subscribed = new LinkedHashMap<>();
    String lastAnswer;

    private PeerSession(JavaPeer peer, JoinResult join, RecordingObserver events) {
        this.peer = peer;
        this.handle = join.participant();
        this.events = events;
        this.othersAtJoin = join.others();
    }

    static PeerSession join(SfuEngine engine, String room, PeerConfig config, EventLoopGroup group, Executor dtls)
            throws Exception {
        return join(engine, room, config, JoinOptions.defaults(), group, dtls);
    }

    static PeerSession join(SfuEngine engine, String room, PeerConfig config, JoinOptions options,
            EventLoopGroup group, Executor dtls) throws Exception {
        RecordingObserver events = new RecordingObserver();
        JavaPeer peer = JavaPeer.create(config, group, dtls).get(WAIT_SECONDS, TimeUnit.SECONDS);
        JoinResult join = engine.join(room, config.name(), events, options).get(WAIT_SECONDS, TimeUnit.SECONDS);
        return new PeerSession(peer, join, events);
    }

    String id() {
        return handle.id();
    }

    int senderId() {
        return peer.config().senderId();
    }

    /** Offers the current m-lines and applies the answer. */
    String negotiate() throws Exception {
        LocalOffer offer = peer.createOffer().get(WAIT_SECONDS, TimeUnit.SECONDS);
        String answer = handle.offer(offer.sdp(), offer.subscriptions()).get(WAIT_SECONDS, TimeUnit.SECONDS);
        peer.applyAnswer(answer).get(WAIT_SECONDS, TimeUnit.SECONDS);
        lastAnswer = answer;
        return answer;
    }

    /** First offer (own tracks only), then waits until ICE, DTLS and SRTP are up. */
    void publishAndConnect() throws Exception {
        negotiate();
        peer.mediaReady().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Every remote track known: those of the participants present at join and those announced since. */
    List<TrackSnapshot> knownRemoteTracks() {
        Map<String, TrackSnapshot> tracks = new LinkedHashMap<>();
        for (ParticipantSnapshot p : othersAtJoin) {
            for (TrackSnapshot t : p.tracks()) {
                tracks.put(t.id(), t);
            }
        }
        for (TrackSnapshot t : events.published) {
            tracks.put(t.id(), t);
        }
        for (TrackSnapshot t : events.unpublished) {
            tracks.remove(t.id());
        }
        return new ArrayList<>(tracks.values());
    }

    /** Waits until {@code count} remote tracks are known, adds a recvonly m-line for each new one, re-offers. */
    void subscribeToAll(int count) throws Exception {
        assertTrue(RecordingObserver.await(Duration.ofSeconds(WAIT_SECONDS), () -> knownRemoteTracks().size() >= count),
                "expected " + count + " remote tracks, know " + knownRemoteTracks());
        for (TrackSnapshot track : knownRemoteTracks()) {
            subscribe(track);
        }
        negotiate();
    }

    /** Adds a recvonly m-line for a track (without negotiating). */
    String subscribe(TrackSnapshot track) throws Exception {
        if (midByTrack.containsKey(track.id())) {
            return midByTrack.get(track.id());
        }
        String mid = peer.addReceiver(track.kind(), track.id()).get(WAIT_SECONDS, TimeUnit.SECONDS);
        midByTrack.put(track.id(), mid);
        subscribed.put(track.id(), track);
        return mid;
    }

    PeerStats stats() throws Exception {
        return peer.stats().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** What arrived on a receiving mid so far, or null; unchecked, for await conditions. */
    InboundStreamStats inbound(String mid) {
        return unchecked(() -> stats().inboundByMid(mid));
    }

    /** Copies of the packets {@link JavaPeer#dropIncoming} dropped, in arrival order. */
    List<CapturedPacket> droppedPackets() {
        return unchecked(() -> peer.droppedPackets().get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    /** The sequence numbers of {@link #droppedPackets()}, in arrival order. */
    List<Integer> droppedSequences() {
        return droppedPackets().stream().map(CapturedPacket::sequenceNumber).toList();
    }

    /** Copies of the packets that came back after {@link JavaPeer#sendNack}, in arrival order. */
    List<CapturedPacket> retransmissions() {
        return unchecked(() -> peer.retransmissions().get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    private static <T> T unchecked(Callable<T> read) {
        try {
            return read.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        try {
            handle.leave().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the engine may be gone already
        }
        peer.close();
    }
}
