package dev.sfu.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
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
        try (VethLink link = VethLink.create("sfu-twcc");
                ServerProcess server = ServerProcess.start(link.inServerNs(ServerProcess.command("-Xmx512m")), Map.of(
                        "SFU_HTTP_HOST", VethLink.SERVER_ADDRESS,
                        "SFU_HTTP_PORT", String.valueOf(HTTP_PORT),
                        "SFU_RTC_BIND_HOST", VethLink.SERVER_ADDRESS,
                        "SFU_RTC_UDP_PORT", String.valueOf(UDP_PORT),
                        "SFU_ANNOUNCED_ADDRESS", VethLink.SERVER_ADDRESS,
                        "SFU_ICE_ALLOWED_NETWORKS", VethLink.NETWORK,
                        "SFU_API_KEY", TestServers.API_KEY,
                        "SFU_JWT_SECRET", ServerConfig.randomSecret(),
                        "SFU_DRAIN_DEADLINE_SECONDS", "0"))) {
            server.awaitReady();
            JsonNode result = NodeScript.runIn(link.clientNs, "downlink-limit.mjs", 240,
                    "--url", "http://" + VethLink.SERVER_ADDRESS + ":" + HTTP_PORT, "--api-key", TestServers.API_KEY,
                    "--tc-netns", link.serverNs, "--tc-dev", VethLink.SERVER_DEV);
            System.out.println("downlink-limit result: " + result.toPrettyString());
            ScriptSteps.assertNoFailures(result);
            JsonNode figures = result.path("figures");
            long limit = figures.path("limitKbps").asLong();
            assertTrue(figures.path("limited").path("meanSettledKbps").asLong() < limit, figures.toString());
            assertTrue(result.path("steps").path("viewerBackOnTopLayer").path("ok").asBoolean());
        }
    }
}
