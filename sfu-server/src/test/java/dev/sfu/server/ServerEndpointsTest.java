package dev.sfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * /health, /ready, /metrics of a started server in production mode, a drain flipping readiness, and the web client's
 * ES modules served as JavaScript (a browser refuses a module of any other type).
 */
class ServerEndpointsTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(WAIT).build();

    private HttpResponse<String> get(SfuServer server, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthReadyAndMetricsAnswerAndADrainMakesTheServerUnready() throws Exception {
        try (SfuServer server = SfuServer.start(TestServers.loopback(Map.of("SFU_MEDIA_LOOPS", "2")))) {
            assertEquals(200, get(server, "/health").statusCode());
            HttpResponse<String> ready = get(server, "/ready");
            assertEquals(200, ready.statusCode());
            assertEquals("{\"status\":\"ready\"}", ready.body());

            HttpResponse<String> metrics = get(server, "/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            for (String meter : new String[] {"sfu_rooms ", "sfu_participants ", "sfu_tracks ", "sfu_draining ",
                    "sfu_media_packets_received_total", "sfu_media_bytes_sent_bytes_total",
                    "sfu_media_drops_total{reason=\"srtp_auth_failed\"}", "sfu_rtcp_pli_sent_total",
                    "sfu_rtcp_nack_received_total", "sfu_rtcp_sr_sent_total", "sfu_rtcp_report_blocks_sent_total",
                    "sfu_rtcp_sr_received_total", "sfu_rtcp_report_blocks_received_total", "sfu_rtt_seconds_count",
                    "sfu_dtls_failures_total", "sfu_participants_kicked_total",
                    "sfu_bandwidth_estimate_bits_per_second_count", "sfu_event_loop_lag_seconds_count{loop=\"media\"}",
                    "sfu_media_loop_lag_seconds_count{loop=\"1\"}",
                    "sfu_media_loop_participants{loop=\"0\"} 0.0", "sfu_media_loop_participants{loop=\"1\"} 0.0",
                    "sfu_media_loop_rooms{loop=\"1\"} 0.0", "sfu_media_forwarding_delay_le_total{le=\"0.001\"}",
                    "sfu_media_forwarding_delay_le_total{le=\"+Inf\"}", "sfu_media_forwarded_datagrams_total",
                    "sfu_media_copy_delay_le_total{le=\"0.001\"}", "sfu_media_forwarded_copies_total",
                    "sfu_media_copy_delay_seconds_total",
                    "sfu_media_forwarding_delay_seconds_total",
                    "jvm_memory_used_bytes"}) {
                assertTrue(metrics.body().contains(meter), "exposes " + meter);
            }

            server.drain(Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS);

            HttpResponse<String> draining = get(server, "/ready");
            assertEquals(503, draining.statusCode());
            assertEquals("{\"status\":\"draining\"}", draining.body());
            assertTrue(get(server, "/metrics").body().contains("sfu_draining 1.0"));
            assertEquals(200, get(server, "/health").statusCode(), "alive while draining");
            assertTrue(server.drained().isDone(), "no rooms: the drain is over at once");
        }
    }

    @Test
    void servesTheWebClientAndTheClientLibraryAsJavaScriptModules() throws Exception {
        try (SfuServer server = SfuServer.start(TestServers.loopback())) {
            HttpResponse<String> page = get(server, "/");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<script type=\"module\" src=\"app.js\">"), "the page loads app.js as a module");
            for (String path : new String[] {"/app.js", "/sdk/sfu-client.js", "/sdk/peer.js", "/sdk/signaling.js",
                    "/sdk/data-channels.js", "/sdk/envelope.js", "/sdk/roster.js", "/sdk/remote-track.js",
                    "/sdk/emitter.js", "/ui/tiles.js", "/ui/chat.js"}) {
                HttpResponse<String> module = get(server, path);
                assertEquals(200, module.statusCode(), path);
                assertTrue(module.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"),
                        path + " is served as JavaScript");
            }
            assertTrue(get(server, "/sdk/sfu-client.js").body().contains("export class Room"),
                    "the client library exports Room");
        }
    }
}
