package dev.sfu.api.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfu.core.model.ParticipantSnapshot;
import dev.sfu.core.model.RoomEvents;
import dev.sfu.core.model.RoomSnapshot;
import dev.sfu.core.model.TrackSnapshot;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts room events to the configured URLs (docs/api.md, "Webhooks"): one JSON object per event and URL,
 * signed ({@link WebhookSignature}), retried with exponential backoff on a non-2xx answer or a network error,
 * given up after {@link #MAX_ATTEMPTS}. Events arrive on the media loop and are handed to this sender's Vert.x
 * context at once; at most {@link #MAX_PENDING} deliveries wait at a time, beyond that new ones are dropped
 * and counted. Deliveries of different events may overtake each other during retries: receivers order by
 * {@code sequence}.
 */
public final class Webhooks implements RoomEvents, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);
    public static final int MAX_ATTEMPTS = 6;
    public static final int MAX_PENDING = 1000;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final Context context;
    private final WebClient client;
    private final List<URI> urls;
    private final String secret;
    private final ObjectMapper json;
    private final Duration firstBackoff;
    private final AtomicLong sequence = new AtomicLong();
    private int pending;
    private final LongAdder delivered = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    /**
     * @param firstBackoff the wait before the first retry; each further retry waits twice as long
     */
    public Webhooks(Vertx vertx, List<URI> urls, String secret, ObjectMapper json, Duration firstBackoff) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(
                (int) REQUEST_TIMEOUT.toMillis()).setUserAgent("sfu-webhooks"));
        this.urls = List.copyOf(urls);
        this.secret = secret;
        this.json = json;
        this.firstBackoff = firstBackoff;
    }

    // ---- RoomEvents, on the media loop: build the payload, hand it over ----

    @Override
    public void roomStarted(RoomSnapshot room) {
        emit("room_started", room.name(), null, null, null);
    }

    @Override
    public void roomFinished(String room, String reason) {
        emit("room_finished", room, null, null, reason);
    }

    @Override
    public void participantJoined(String room, ParticipantSnapshot participant) {
        emit("participant_joined", room, participant, null, null);
    }

    @Override
    public void participantLeft(String room, ParticipantSnapshot participant, String reason) {
        emit("participant_left", room, participant, null, reason);
    }

    @Override
    public void trackPublished(String room, TrackSnapshot track) {
        emit("track_published", room, null, track, null);
    }

    @Override
    public void trackUnpublished(String room, TrackSnapshot track) {
        emit("track_unpublished", room, null, track, null);
    }

    private void emit(String event, String room, ParticipantSnapshot participant, TrackSnapshot track,
            String reason) {
        if (urls.isEmpty()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", UUID.randomUUID().toString());
        body.put("event", event);
        body.put("sequence", sequence.incrementAndGet());
        body.put("createdAtMillis", System.currentTimeMillis());
        body.put("room", Map.of("name", room));
        if (participant != null) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", participant.id());
            p.put("identity", participant.identity());
            p.put("name", participant.name());
            p.put("metadata", participant.metadata());
            body.put("participant", p);
        }
        if (track != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("id", track.id());
            t.put("participantId", track.participantId());
            t.put("kind", track.kind());
            t.put("codec", track.codec());
            body.put("track", t);
        }
        if (reason != null) {
            body.put("reason", reason);
        }
        context.runOnContext(v -> enqueue(event, body));
    }

    // ---- delivery, on this sender's context ----

    private void enqueue(String event, Map<String, Object> body) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (Exception e) {
            log.warn("webhook {} not serializable", event, e);
            return;
        }
        for (URI url : urls) {
            if (pending >= MAX_PENDING) {
                dropped.increment();
                log.warn("webhook {} to {} dropped: {} deliveries pending", event, url, pending);
                continue;
            }
            pending++;
            attempt(url, event, (String) body.get("id"), bytes, 1);
        }
    }

    private void attempt(URI url, String event, String deliveryId, byte[] body, int attempt) {
        long now = System.currentTimeMillis() / 1000;
        client.postAbs(url.toString())
                .timeout(REQUEST_TIMEOUT.toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("X-SFU-Event", event)
                .putHeader("X-SFU-Delivery", deliveryId)
                .putHeader("X-SFU-Attempt", Integer.toString(attempt))
                .putHeader(WebhookSignature.HEADER, WebhookSignature.sign(secret, now, body))
                .sendBuffer(Buffer.buffer(body))
                .onComplete(result -> {
                    boolean ok = result.succeeded() && result.result().statusCode() / 100 == 2;
                    if (ok) {
                        pending--;
                        delivered.increment();
                        return;
                    }
                    String why = result.succeeded() ? "HTTP " + result.result().statusCode()
                            : String.valueOf(result.cause().getMessage());
                    if (attempt >= MAX_ATTEMPTS) {
                        pending--;
                        failed.increment();
                        log.warn("webhook {} to {} failed after {} attempts: {}", event, url, attempt, why);
                        return;
                    }
                    retried.increment();
                    long delay = firstBackoff.toMillis() << (attempt - 1);
                    log.debug("webhook {} to {} attempt {} failed ({}), retrying in {} ms", event, url, attempt, why,
                            delay);
                    vertx.setTimer(Math.max(1, delay), id -> attempt(url, event, deliveryId, body, attempt + 1));
                });
    }

    public long delivered() {
        return delivered.sum();
    }

    public long retried() {
        return retried.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public long dropped() {
        return dropped.sum();
    }

    @Override
    public void close() {
        client.close();
    }
}
