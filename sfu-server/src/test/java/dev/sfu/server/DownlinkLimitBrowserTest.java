package dev.sfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * transport-cc against real Chromium over a real rate limit: the server runs (from the test classpath) in
 * a network namespace of its own, the browsers in another, joined by a veth pair; {@code tc ... tbf} on the
 * server's end limits the viewer's downlink below the top simulcast layer and is then lifted
 * (e2e/downlink-limit.mjs). The server's estimate for the viewer must go below the limit, the viewer drop
 * a layer, and come back when the limit is lifted. Needs root (namespaces); skipped otherwise.
 */
class DownlinkLimitBrowserTest {
    private static final int HTTP_PORT = 28300;
    private static final int UDP_PORT = 30300;

    @Test
    void viewerFollowsARateLimitDownAndBackUp() throws Exception {
        Assumptions.assumeTrue(VethLink.available(), "needs root, ip and tc for network namespaces");
        NodeScript.e2eDirectory();
        try (VethLink link = VethLink.create("sfu-twcc")) {
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            ProcessBuilder builder = link.inServerNs(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx512m", "-cp", classpath, Main.class.getName()));
            Map<String, String> env = builder.environment();
            env.put("SFU_HTTP_HOST", VethLink.SERVER_ADDRESS);
            env.put("SFU_HTTP_PORT", String.valueOf(HTTP_PORT));
            env.put("SFU_RTC_BIND_HOST", VethLink.SERVER_ADDRESS);
            env.put("SFU_RTC_UDP_PORT", String.valueOf(UDP_PORT));
            env.put("SFU_ANNOUNCED_ADDRESS", VethLink.SERVER_ADDRESS);
            env.put("SFU_ICE_ALLOWED_NETWORKS", VethLink.NETWORK);
            env.put("SFU_API_KEY", TestServers.API_KEY);
            env.put("SFU_JWT_SECRET", ServerConfig.randomSecret());
            env.put("SFU_DRAIN_DEADLINE_SECONDS", "0");
            Process server = builder.redirectErrorStream(true).start();
            try {
                CompletableFuture<Void> ready = new CompletableFuture<>();
                Thread pump = new Thread(() -> pump(server, ready), "sfu-server-output");
                pump.setDaemon(true);
                pump.start();
                ready.get(60, TimeUnit.SECONDS);
                JsonNode result = NodeScript.runIn(link.clientNs, "downlink-limit.mjs", 240,
                        "--url", "http://" + VethLink.SERVER_ADDRESS + ":" + HTTP_PORT, "--api-key", TestServers.API_KEY,
                        "--tc-netns", link.serverNs, "--tc-dev", VethLink.SERVER_DEV);
                System.out.println("downlink-limit result: " + result.toPrettyString());
                assertEquals(0, result.path("failures").size(), "failures: " + result.path("failures"));
                JsonNode figures = result.path("figures");
                long limit = figures.path("limitKbps").asLong();
                assertTrue(figures.path("limited").path("meanSettledKbps").asLong() < limit, figures.toString());
                assertTrue(result.path("steps").path("viewerBackOnTopLayer").path("ok").asBoolean());
            } finally {
                server.destroy();
                if (!server.waitFor(10, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
        }
    }

    /** Copies the server's log to this test's output and completes {@code ready} at its "SFU ready" line. */
    private static void pump(Process server, CompletableFuture<Void> ready) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                System.out.println("[server] " + line);
                if (line.contains("SFU ready")) {
                    ready.complete(null);
                }
            }
        } catch (Exception e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("server exited before it was ready"));
    }
}
