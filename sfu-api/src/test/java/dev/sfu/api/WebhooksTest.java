package dev.sfu.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfu.api.events.WebhookSignature;
import dev.sfu.api.events.Webhooks;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks reach a real HTTP receiver on 127.0.0.1: every room event, signed so the receiver can verify it,
 * retried with backoff when the receiver fails, given up after the last attempt.
 */
class WebhooksTest {
    private static final String SECRET = "whsec-test-7c1f";
    private final ObjectMapper json = new ObjectMapper();
    private Vertx receiverVertx;
    private HttpServer receiver;
    /** Deliveries the receiver accepted, in arrival order. */
    private final List<Delivery> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    /** How many times the receiver fails each delivery id before accepting it. */
    private volatile int failuresPerDelivery;
    private final Map<String, AtomicInteger> attemptsById = new ConcurrentHashMap<>();

    record Delivery(String event, String signature, byte[] body, int attempt) {}

    @BeforeEach
    void startReceiver() throws Exception {
        receiverVertx = Vertx.vertx();
        receiver = receiverVertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            requests.incrementAndGet();
            String id = request.getHeader("X-SFU-Delivery");
            int seen = attemptsById.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            if (seen <= failuresPerDelivery) {
                request.response().setStatusCode(500).end();
                return;
            }
            accepted.add(new Delivery(request.getHeader("X-SFU-Event"), request.getHeader(WebhookSignature.HEADER),
                    body.getBytes(), Integer.parseInt(request.getHeader("X-SFU-Attempt"))));
            request.response().setStatusCode(204).end();
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopReceiver() throws Exception {
        receiverVertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private TestSfuServer serverPostingToReceiver() throws Exception {
        URI url = URI.create("http://127.0.0.1:" + receiver.actualPort() + "/hooks");
        return TestSfuServer.start(TestSfuServer.loopbackMedia(), TestSfuServer.developmentApi()
                .withWebhooks(List.of(url), SECRET).withWebhookBackoff(Duration.ofMillis(20)));
    }

    @Test
    void everyRoomEventArrivesSignedAndInOrderOfSequence() throws Exception {
        failuresPerDelivery = 1; // each delivery fails once: the retry is what arrives
        try (TestSfuServer server = serverPostingToReceiver()) {
            String room = TestSfuServer.uniqueRoom("hooked");
            WsClient ann = server.connect();
            String annId = ann.join(room, "Ann").path("participantId").asText();
            ann.offer(TestSfuServer.sdp("chrome-audio-video-sendonly.sdp"), null);
            ann.close();

            ApiAssertions.assertEventually(() -> accepted.size() == 8, "8 events delivered: " + events());
            List<JsonNode> bodies = new ArrayList<>();
            long now = System.currentTimeMillis() / 1000;
            for (Delivery delivery : accepted) {
                assertTrue(WebhookSignature.verify(SECRET, delivery.signature(), delivery.body(), now, 300),
                        "signature verifies: " + delivery.signature());
                assertFalse(WebhookSignature.verify("wrong-secret", delivery.signature(), delivery.body(), now, 300));
                byte[] altered = new String(delivery.body(), StandardCharsets.UTF_8).replace(room, "other")
                        .getBytes(StandardCharsets.UTF_8);
                assertFalse(WebhookSignature.verify(SECRET, delivery.signature(), altered, now, 300),
                        "a changed body does not verify");
                assertEquals(2, delivery.attempt(), "delivered on the retry after one failure");
                JsonNode body = json.readTree(delivery.body());
                assertEquals(delivery.event(), body.path("event").asText());
                assertEquals(room, body.path("room").path("name").asText());
                bodies.add(body);
            }
            bodies.sort((a, b) -> Long.compare(a.path("sequence").asLong(), b.path("sequence").asLong()));
            List<String> order = bodies.stream().map(b -> b.path("event").asText()).toList();
            assertEquals(List.of("room_started", "participant_joined", "track_published", "track_published",
                    "track_unpublished", "track_unpublished", "participant_left", "room_finished"), order);
            assertEquals(annId, bodies.get(1).path("participant").path("id").asText());
            assertEquals(Set.of("audio", "video"), Set.of(bodies.get(2).path("track").path("kind").asText(),
                    bodies.get(3).path("track").path("kind").asText()));
            assertEquals(8, server.controlPlane().webhooks().retried());
            assertEquals(8, server.controlPlane().webhooks().delivered());
        }
    }

    @Test
    void aDeliveryIsGivenUpAfterTheLastAttempt() throws Exception {
        failuresPerDelivery = Integer.MAX_VALUE;
        try (TestSfuServer server = serverPostingToReceiver()) {
            Webhooks webhooks = server.controlPlane().webhooks();
            server.engine().createRoom(TestSfuServer.uniqueRoom("doomed"),
                    new dev.sfu.core.model.RoomSettings(0, Duration.ofSeconds(30), "")).get(5, TimeUnit.SECONDS);

            ApiAssertions.assertEventually(() -> webhooks.failed() == 1, "room_started given up");
            assertEquals(Webhooks.MAX_ATTEMPTS, requests.get(), "one request per attempt, no more");
            assertEquals(Webhooks.MAX_ATTEMPTS - 1, webhooks.retried());
            assertEquals(0, webhooks.delivered());
        }
    }

    private List<String> events() {
        return accepted.stream().map(Delivery::event).toList();
    }
}
