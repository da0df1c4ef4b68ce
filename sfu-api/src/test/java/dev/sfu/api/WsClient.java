package dev.sfu.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A signaling client over {@link java.net.http.WebSocket}: sends JSON text frames and queues every message the
 * server sends, parsed, in arrival order. Each wait (connect, send, read, close) is bounded by the client's
 * {@code wait}: {@link TestSfuServer#WAIT} unless the test names another. The listener runs on the HTTP client's
 * threads; the queue is the only state it shares with the test thread. Public, in sfu-api's test-jar, for the
 * tests of other modules (sfu-server's DrainOnSigtermTest).
 */
public final class WsClient {
    /** Stands in for a frame that was not JSON text, so a test sees it instead of missing it. */
    public static final String NOT_JSON = "<not json>";

    private final ObjectMapper json;
    private final Duration wait;
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket socket;

    private WsClient(ObjectMapper json, Duration wait) {
        this.json = json;
        this.wait = wait;
    }

    /** Connects, each wait bounded by {@link TestSfuServer#WAIT}. */
    public static WsClient connect(HttpClient http, URI uri, ObjectMapper json) throws Exception {
        return connect(http, uri, json, TestSfuServer.WAIT);
    }

    /** Connects, each wait (this one included) bounded by {@code wait}. */
    public static WsClient connect(HttpClient http, URI uri, ObjectMapper json, Duration wait) throws Exception {
        WsClient client = new WsClient(json, wait);
        client.socket = http.newWebSocketBuilder().connectTimeout(wait)
                .buildAsync(uri, client.listener())
                .get(wait.toMillis(), TimeUnit.MILLISECONDS);
        return client;
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public void onOpen(WebSocket webSocket) {
                webSocket.request(1);
            }

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    String message = text.toString();
                    text.setLength(0);
                    messages.add(parse(message));
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                ObjectNode binary = json.createObjectNode().put("type", NOT_JSON).put("binary", true);
                messages.add(binary);
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                // An abrupt close (e.g. the server dropping the TCP connection) counts as closed.
                closed.complete(-1);
            }
        };
    }

    private JsonNode parse(String message) {
        try {
            return json.readTree(message);
        } catch (Exception e) {
            return json.createObjectNode().put("type", NOT_JSON).put("raw", message);
        }
    }

    // ---- sending ----

    public void sendText(String text) throws Exception {
        socket.sendText(text, true).get(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void send(JsonNode message) throws Exception {
        sendText(json.writeValueAsString(message));
    }

    public void sendBinary(byte[] bytes) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).get(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    public ObjectNode message(String type) {
        return json.createObjectNode().put("type", type);
    }

    public ObjectNode joinMessage(String room, String name) {
        return message("join").put("room", room).put("name", name);
    }

    public ObjectNode offerMessage(String sdp) {
        return message("offer").put("sdp", sdp);
    }

    /** The next message of {@code type}, skipping others (at most 20, each read bounded). */
    public JsonNode until(String type) throws InterruptedException {
        for (int i = 0; i < 20; i++) {
            JsonNode message = next();
            if (type.equals(message.path("type").asText())) {
                return message;
            }
        }
        throw new AssertionError("no \"" + type + "\" among the next 20 messages");
    }

    /** Joins with a token and returns the "joined" reply. */
    public JsonNode join(String room, String name, String token) throws Exception {
        send(joinMessage(room, name).put("token", token));
        JsonNode joined = next("joined");
        assertEquals(room, joined.path("room").asText(), "joined.room");
        return joined;
    }

    /** Joins and returns the "joined" reply. */
    public JsonNode join(String room, String name) throws Exception {
        send(joinMessage(room, name));
        JsonNode joined = next("joined");
        assertEquals(room, joined.path("room").asText(), "joined.room");
        return joined;
    }

    /** Sends an offer and returns the SDP of the "answer". */
    public String offer(String sdp, ObjectNode subscriptions) throws Exception {
        ObjectNode offer = offerMessage(sdp);
        if (subscriptions != null) {
            offer.set("subscriptions", subscriptions);
        }
        send(offer);
        JsonNode answer = next("answer");
        assertTrue(answer.path("sdp").isTextual(), "answer.sdp must be a string: " + answer);
        return answer.get("sdp").asText();
    }

    // ---- receiving ----

    /** The next message the server sent, failing if none arrives in time. */
    public JsonNode next() throws InterruptedException {
        JsonNode message = messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(message, "no message from the server within " + wait);
        return message;
    }

    /** The type of the next message without taking it, waiting for it (bounded); null when none arrives. */
    public String peekType() throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (messages.isEmpty() && System.nanoTime() < deadline && !closed.isDone()) {
            Thread.sleep(5);
        }
        JsonNode message = messages.peek();
        return message == null ? null : message.path("type").asText();
    }

    /** The next message, which must be of {@code type}. */
    public JsonNode next(String type) throws InterruptedException {
        JsonNode message = next();
        assertEquals(type, message.path("type").asText(), "expected a \"" + type + "\" message, got " + message);
        return message;
    }

    /** The next message, which must be an error with {@code code} and a non-empty message. */
    public JsonNode nextError(String code) throws InterruptedException {
        JsonNode error = next("error");
        assertEquals(code, error.path("code").asText(), "error code in " + error);
        assertTrue(error.path("message").isTextual() && !error.get("message").asText().isBlank(),
                "error needs a message: " + error);
        return error;
    }

    /** Proves the session still answers, and that nothing else was queued before the pong. */
    public void assertStillServing() throws Exception {
        send(message("ping"));
        JsonNode pong = next("pong");
        assertEquals(1, pong.size(), "pong carries only its type: " + pong);
    }

    /** Nothing arrives for {@code quiet}. */
    public void assertNoMessageFor(Duration quiet) throws InterruptedException {
        JsonNode message = messages.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(null, message, "unexpected message");
    }

    /** Waits for the server to close the socket, returning the close status (negative for an abrupt close). */
    public int awaitClosed() throws Exception {
        try {
            return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the server did not close the socket within " + wait);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Closes from the client side with a normal close, waiting (bounded) for the close to be sent. */
    public void close() throws Exception {
        assertFalse(socket.isOutputClosed(), "socket already closed");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void abort() {
        socket.abort();
    }
}
