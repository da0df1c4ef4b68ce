package dev.sfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfu.api.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The process as an orchestrator runs it (issue 14): {@code java dev.sfu.server.Main} in its own JVM, a joined
 * client, SIGTERM. The client hears {@code draining}, then at the drain deadline {@code closed} with
 * {@code server_shutdown} before its socket closes, and the process exits with status 0 (docs/operations.md).
 */
class DrainOnSigtermTest {
    /** Each wait of the signaling client: the drain deadline (2 s) and a loaded machine fit well inside. */
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void sigtermDrainsTellsEverySessionAndExitsZero() throws Exception {
        try (ServerProcess server = ServerProcess.start(new ProcessBuilder(ServerProcess.command("-Xmx256m")),
                Map.of("SFU_HTTP_HOST", "127.0.0.1", "SFU_HTTP_PORT", "0", "SFU_RTC_BIND_HOST", "127.0.0.1",
                        "SFU_RTC_UDP_PORT", "0", "SFU_ICE_ALLOWED_NETWORKS", "127.0.0.0/8", "SFU_MEDIA_LOOPS", "1",
                        "SFU_DRAIN_DEADLINE_SECONDS", "2"))) {
            int port = server.awaitReady();
            Process process = server.process();
            WsClient socket = WsClient.connect(HttpClient.newHttpClient(),
                    URI.create("ws://127.0.0.1:" + port + "/ws"), new ObjectMapper(), WAIT);
            socket.sendText("{\"type\":\"join\",\"room\":\"drain\",\"name\":\"Ann\"}");
            assertEquals("joined", socket.next().path("type").asText());

            long signalled = System.nanoTime();
            process.destroy(); // SIGTERM
            JsonNode draining = socket.next();
            assertEquals("draining", draining.path("type").asText(), draining.toString());
            JsonNode closing = socket.next();
            assertEquals("closed", closing.path("type").asText(), closing.toString());
            assertEquals("server_shutdown", closing.path("code").asText(), closing.toString());
            assertEquals(1000, socket.awaitClosed(), "closed after the message");
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the process ended");
            long millis = (System.nanoTime() - signalled) / 1_000_000;
            System.out.printf("sigterm: draining, closed (server_shutdown), exit %d after %d ms (deadline 2 s)%n",
                    process.exitValue(), millis);
            assertEquals(0, process.exitValue(), "exit status after a drain");
        }
    }
}
