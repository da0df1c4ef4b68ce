package dev.sfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * A headless Chromium subscriber behind a link that loses 5% of the packets sent to it: its NACKs are answered
 * (RTX) and it decodes at least 90% of the frames it decodes without loss ({@code e2e/lossy-link.mjs}).
 *
 * <p>The loss comes from an nftables rule ({@code numgen random mod 100 < 5 drop}; netem is not in every
 * kernel), so the run needs a network namespace of its own ({@link PrivateNetworkRun}): the server (this module's classes, started with
 * {@link Main} in a child JVM) and the Node script (Playwright and Chromium) run together under
 * {@code unshare -n}, where only {@code lo} exists and the rule touches nothing outside. That takes root,
 * {@code unshare}, {@code ip} and {@code nft} ({@code scripts/install-test-deps.sh} installs them).
 */
class LossyLinkBrowserTest {
    private static final int HTTP_PORT = 28500;
    private static final int UDP_PORT = 30500;

    @Test
    void aSubscriberBehindFivePercentLossDecodesNinetyPercentOfTheFrames() throws Exception {
        PrivateNetworkRun.Outcome outcome = PrivateNetworkRun.run("lossy-link.mjs", 180, HTTP_PORT, UDP_PORT,
                "--loss", "5", "--seconds", "20");
        JsonNode result = outcome.result();
        System.out.println("lossy-link result: " + result.toPrettyString());
        assertEquals(0, result.path("failures").size(),
                "failures: " + result.path("failures") + "\nserver log:\n" + outcome.serverLogTail());
        JsonNode lossy = result.path("lossy");
        assertTrue(lossy.path("nftDropped").asLong() > 0, "packets were dropped");
        assertTrue(lossy.path("viewer").path("nackCount").asLong() > 0, "the browser NACKed");
        assertTrue(lossy.path("server").path("rtxSent").asDouble() > 0, "the server answered with RTX");
        assertTrue(result.path("ratio").asDouble() >= 0.9, "decoded ratio " + result.path("ratio"));
    }
}
