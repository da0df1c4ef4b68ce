package dev.sfu.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One signaling WebSocket (docs/protocol.md): JSON objects in text frames. Incoming messages are parsed and
 * handed to the consumer one at a time, in order (the JDK client calls the listener sequentially); sends are
 * serialized, since the JDK WebSocket allows one outstanding send.
 */
final class SignalingClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket socket;
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);
    private final CompletableFuture<String> closed;

    private SignalingClient(WebSocket socket, CompletableFuture<String> closed) {
        this.socket = socket;
        this.closed = closed;
    }

    /** Connects to {@code ws://host:port/ws} of the server at {@code httpBase}; waits at most 10 s. */
    static SignalingClient connect(HttpClient http, URI httpBase, Consumer<JsonNode> onMessage) throws Exception {
        URI ws = URI.create(httpBase.toString().replaceFirst("^http", "ws").replaceAll("/+$", "") + "/ws");
        CompletableFuture<String> closed = new CompletableFuture<>();
        WebSocket socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(ws, new Listener(onMessage, closed)).get(10, TimeUnit.SECONDS);
        return new SignalingClient(socket, closed);
    }

    static ObjectNode message(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    synchronized void send(ObjectNode message) {
        String text = message.toString();
        lastSend = lastSend.handle((r, e) -> null).thenCompose(x -> socket.sendText(text, true));
    }

    /** Completes with the close reason when the server closed the socket or it failed. */
    CompletableFuture<String> closed() {
        return closed;
    }

    @Override
    public void close() {
        try {
            synchronized (this) {
                lastSend.handle((r, e) -> null).get(2, TimeUnit.SECONDS);
            }
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            socket.abort();
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private final Consumer<JsonNode> onMessage;
        private final CompletableFuture<String> closed;
        private final StringBuilder partial = new StringBuilder();

        Listener(Consumer<JsonNode> onMessage, CompletableFuture<String> closed) {
            this.onMessage = onMessage;
            this.closed = closed;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    onMessage.accept(JSON.readTree(text));
                } catch (Exception e) {
                    ObjectNode error = message("error").put("code", "client").put("message", e.toString());
                    onMessage.accept(error);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete("error: " + error);
        }
    }
}
