package dev.sfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The process as an orchestrator runs it (issue 14): {@code java dev.sfu.server.Main} in its own JVM, a joined
 * client, SIGTERM. The client hears {@code draining}, then at the drain deadline {@code closed} with
 * {@code server_shutdown} before its socket closes, and the process exits with status 0 (docs/operations.md).
 */
class DrainOnSigtermTest {
    private static final Pattern READY = Pattern.compile("SFU ready: open http://127\\.0\\.0\\.1:(\\d+)/");
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void sigtermDrainsTellsEverySessionAndExitsZero() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName());
        builder.environment().putAll(java.util.Map.of("SFU_HTTP_HOST", "127.0.0.1", "SFU_HTTP_PORT", "0",
                "SFU_RTC_BIND_HOST", "127.0.0.1", "SFU_RTC_UDP_PORT", "0", "SFU_ICE_ALLOWED_NETWORKS", "127.0.0.0/8",
                "SFU_MEDIA_LOOPS", "1", "SFU_DRAIN_DEADLINE_SECONDS", "2"));
        builder.redirectErrorStream(true);
        Process process = builder.start();
        try {
            int port = awaitReady(process);
            BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), listener(messages, closed))
                    .get(10, TimeUnit.SECONDS);
            socket.sendText("{\"type\":\"join\",\"room\":\"drain\",\"name\":\"Ann\"}", true).get(5, TimeUnit.SECONDS);
            assertEquals("joined", next(messages).path("type").asText());

            long signalled = System.nanoTime();
            process.destroy(); // SIGTERM
            JsonNode draining = next(messages);
            assertEquals("draining", draining.path("type").asText(), draining.toString());
            JsonNode closing = next(messages);
            assertEquals("closed", closing.path("type").asText(), closing.toString());
            assertEquals("server_shutdown", closing.path("code").asText(), closing.toString());
            assertEquals(1000, closed.get(10, TimeUnit.SECONDS), "closed after the message");
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the process ended");
            long millis = (System.nanoTime() - signalled) / 1_000_000;
            System.out.printf("sigterm: draining, closed (server_shutdown), exit %d after %d ms (deadline 2 s)%n",
                    process.exitValue(), millis);
            assertEquals(0, process.exitValue(), "exit status after a drain");
        } finally {
            process.destroyForcibly();
        }
    }

    private static int awaitReady(Process process) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    System.out.println("[sfu] " + line);
                    Matcher ready = READY.matcher(line);
                    if (ready.find()) {
                        port.complete(Integer.parseInt(ready.group(1)));
                    }
                }
            } catch (Exception e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new AssertionError("the server ended before it was ready"));
        }, "sfu-output");
        reader.setDaemon(true);
        reader.start();
        return port.get(60, TimeUnit.SECONDS);
    }

    private JsonNode next(BlockingQueue<JsonNode> messages) throws InterruptedException {
        JsonNode message = messages.poll(15, TimeUnit.SECONDS);
        assertNotNull(message, "no message within 15 s");
        return message;
    }

    private WebSocket.Listener listener(BlockingQueue<JsonNode> messages, CompletableFuture<Integer> closed) {
        return new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    try {
                        messages.add(json.readTree(text.toString()));
                    } catch (Exception e) {
                        messages.add(json.createObjectNode().put("type", "not json"));
                    }
                    text.setLength(0);
                }
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
                closed.complete(-1);
            }
        };
    }
}
