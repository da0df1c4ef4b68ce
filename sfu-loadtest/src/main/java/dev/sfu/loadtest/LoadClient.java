package dev.sfu.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfu.peer.JavaPeer;
import dev.sfu.peer.LocalOffer;
import dev.sfu.peer.PeerConfig;
import dev.sfu.peer.PeerStats;
import dev.sfu.peer.PeerTap;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * One load-test participant: a {@link JavaPeer} signalled over the server's WebSocket as docs/protocol.md
 * describes. A publisher offers its audio and video; a subscriber adds a recvonly m-line for every remote
 * track it hears of (in {@code joined} and {@code trackPublished}) and re-offers, and once that offer is answered
 * asks for a simulcast layer of each video track with {@code trackSettings} (unless the quality is auto). Offers
 * are serialized: while one is in flight, changes are collected and sent in one offer after the answer.
 *
 * <p>Threading: signaling messages arrive one at a time on the WebSocket's thread; the peer hops onto its own
 * loop; the per-packet {@link PeerTap} sink, a {@link StampReceiver}, runs on the peer's loop.
 */
final class LoadClient implements AutoCloseable {
    static final long WAIT_SECONDS = 15;
    /** The parts data messages are cut into, as the JavaScript library cuts them. */
    static final long DATA_PART_LIMIT = 64 * 1024;

    enum Role { PUBLISHER, SUBSCRIBER }

    /** A remote track this subscriber receives: its kind and the participant that publishes it. */
    record Subscription(String kind, String publisherId) {}

    final String room;
    final Role role;
    final JavaPeer peer;
    final long startNanos = System.nanoTime();
    /** mid -> System.nanoTime() when the first offer naming it as a subscription was sent. */
    final Map<String, Long> subscribedAt = new ConcurrentHashMap<>();
    /** SSRC -> what arrived on it. */
    final Map<Long, ReceivedStream> received = new ConcurrentHashMap<>();
    /** mid -> the remote track it receives. */
    final Map<String, Subscription> subscriptionsByMid = new ConcurrentHashMap<>();
    final AtomicLong signalingErrors = new AtomicLong();
    volatile String lastError;
    volatile String participantId;
    /** When a churn newcomer's media was keyed and it joined the run (0: joined before the window). */
    volatile long activeSinceNanos;

    private final UnaryOperator<String> answerFilter;
    private final CompletableFuture<Void> firstAnswer = new CompletableFuture<>();
    private final Map<String, String> midByTrack = new ConcurrentHashMap<>();
    /** Video tracks this subscriber receives whose quality it has not asked for yet (trackSettings). */
    private final Set<String> qualityPending = ConcurrentHashMap.newKeySet();
    /** What subscribers ask of each video track: auto (nothing sent), low, medium, high. */
    private final String quality;
    /** This participant has data channels ({@code --data-rate}): it offers at once, even without a track. */
    private final boolean data;
    private SignalingClient signaling;
    private boolean offerInFlight;
    private boolean offerDirty;
    private volatile boolean closing;

    private LoadClient(String room, Role role, JavaPeer peer, UnaryOperator<String> answerFilter, String quality,
            boolean data) {
        this.room = room;
        this.data = data;
        this.quality = quality;
        this.role = role;
        this.peer = peer;
        this.answerFilter = answerFilter;
    }

    /**
     * Creates the peer, joins the room and sends the first offer (a subscriber without data channels: once it
     * knows a track).
     *
     * @param data open data channels (an m=application line in every offer, as a browser that created its
     *     channels before its first offer)
     */
    static LoadClient start(HttpClient http, URI server, String room, Role role, PeerConfig config,
            EventLoopGroup group, Executor dtls, RunMeters meters, UnaryOperator<String> answerFilter, String quality,
            boolean data) throws Exception {
        JavaPeer peer = JavaPeer.create(config, group, dtls).get(WAIT_SECONDS, TimeUnit.SECONDS);
        LoadClient client = new LoadClient(room, role, peer, answerFilter, quality, data);
        try {
            if (data) {
                peer.enableDataChannels(DATA_PART_LIMIT).get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
            PeerTap.install(peer, new StampReceiver(client.received, meters)::onPacket);
            client.signaling = SignalingClient.connect(http, server, client::onMessage);
            client.signaling.send(SignalingClient.message("join").put("room", room).put("name", config.name()));
            return client;
        } catch (Exception e) {
            client.close();
            throw e;
        }
    }

    /** Completes when the first answer was applied and SRTP is keyed (and the data channels are open, if any). */
    CompletableFuture<Void> connected() {
        CompletableFuture<Void> media = firstAnswer.thenCompose(x -> peer.mediaReady());
        return data ? media.thenCompose(x -> peer.dataReady()) : media;
    }

    CompletableFuture<PeerStats> stats() {
        return peer.stats();
    }

    /** This peer's figures from its stats (null: none yet) and what it sent. */
    PeerTotals totals(PeerStats stats) {
        return PeerTotals.of(stats, PeerTap.payloadBytesSent(peer));
    }

    // ---- signaling, one message at a time ----

    private void onMessage(JsonNode message) {
        String type = message.path("type").asText();
        switch (type) {
            case "joined" -> {
                participantId = message.path("participantId").asText();
                for (JsonNode p : message.path("participants")) {
                    for (JsonNode t : p.path("tracks")) {
                        want(t);
                    }
                }
                if (role == Role.PUBLISHER || data || !midByTrack.isEmpty()) {
                    renegotiate();
                }
            }
            case "trackPublished" -> {
                if (want(message.path("track"))) {
                    renegotiate();
                }
            }
            case "trackUnpublished" -> {
                String trackId = message.path("trackId").asText();
                if (midByTrack.remove(trackId) != null && !closing) {
                    peer.removeReceiver(trackId);
                    renegotiate();
                }
            }
            case "answer" -> peer.applyAnswer(answerFilter.apply(message.path("sdp").asText()))
                    .whenComplete((r, e) -> {
                        if (e != null) {
                            error("applyAnswer: " + e);
                            firstAnswer.completeExceptionally(e);
                        } else {
                            firstAnswer.complete(null);
                            askQuality();
                        }
                        offerDone();
                    });
            case "error" -> {
                error(message.path("code").asText() + ": " + message.path("message").asText());
                if ("invalid_sdp".equals(message.path("code").asText())) {
                    offerDone();
                }
            }
            case "closed" -> error("closed by server: " + message.path("reason").asText());
            default -> {
                // participantJoined, participantLeft, pong: nothing to do
            }
        }
    }

    /** A subscriber wants every remote track; adds a recvonly m-line for it. True when one was added. */
    private boolean want(JsonNode track) {
        if (role != Role.SUBSCRIBER || closing) {
            return false;
        }
        String id = track.path("id").asText();
        String kind = track.path("kind").asText();
        if (id.isEmpty() || midByTrack.containsKey(id)) {
            return false;
        }
        try {
            String mid = peer.addReceiver(kind, id).get(WAIT_SECONDS, TimeUnit.SECONDS);
            midByTrack.put(id, mid);
            subscriptionsByMid.put(mid, new Subscription(kind, track.path("participantId").asText()));
            if ("video".equals(kind) && !"auto".equals(quality)) {
                qualityPending.add(id);
            }
            return true;
        } catch (Exception e) {
            error("addReceiver: " + e);
            return false;
        }
    }

    /** Once the server subscribed us (the answer is applied), asks it for the chosen layer of each new video track. */
    private void askQuality() {
        for (String trackId : qualityPending) {
            if (qualityPending.remove(trackId) && midByTrack.containsKey(trackId) && !closing) {
                signaling.send(SignalingClient.message("trackSettings").put("trackId", trackId)
                        .put("quality", quality));
            }
        }
    }

    private void renegotiate() {
        synchronized (this) {
            if (offerInFlight) {
                offerDirty = true;
                return;
            }
            offerInFlight = true;
        }
        peer.createOffer().whenComplete((offer, e) -> {
            if (e != null) {
                error("createOffer: " + e);
                offerDone();
                return;
            }
            sendOffer(offer);
        });
    }

    private void sendOffer(LocalOffer offer) {
        long now = System.nanoTime();
        for (String mid : offer.subscriptions().keySet()) {
            subscribedAt.putIfAbsent(mid, now);
        }
        ObjectNode message = SignalingClient.message("offer").put("sdp", offer.sdp());
        ObjectNode subscriptions = message.putObject("subscriptions");
        offer.subscriptions().forEach(subscriptions::put);
        signaling.send(message);
    }

    private void offerDone() {
        boolean again;
        synchronized (this) {
            offerInFlight = false;
            again = offerDirty;
            offerDirty = false;
        }
        if (again && !closing) {
            renegotiate();
        }
    }

    private void error(String message) {
        signalingErrors.incrementAndGet();
        lastError = message;
    }

    /** Stops the peer's media (closes it) but keeps the signaling socket; idempotent. */
    void stopMedia() {
        closing = true;
        peer.close();
    }

    @Override
    public void close() {
        closing = true;
        if (signaling != null) {
            signaling.close();
        }
        peer.close();
    }
}
