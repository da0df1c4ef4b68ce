package dev.sfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A headless Chromium subscriber behind a link that loses 5% of the packets sent to it: its NACKs are answered
 * (RTX) and it decodes at least 90% of the frames it decodes without loss ({@code e2e/lossy-link.mjs}).
 *
 * <p>The loss comes from an nftables rule ({@code numgen random mod 100 < 5 drop}; netem is not in every
 * kernel), so the run needs a network namespace of its own: the server (this module's classes, started with
 * {@link Main} in a child JVM) and the Node script (Playwright and Chromium) run together under
 * {@code unshare -n}, where only {@code lo} exists and the rule touches nothing outside. That takes root,
 * {@code unshare}, {@code ip} and {@code nft} ({@code scripts/install-test-deps.sh} installs them).
 */
class LossyLinkBrowserTest {
    private static final int HTTP_PORT = 28500;
    private static final int UDP_PORT = 30500;

    @Test
    void aSubscriberBehindFivePercentLossDecodesNinetyPercentOfTheFrames() throws Exception {
        Path e2e = NodeScript.e2eDirectory();
        requireTools();
        Path serverLog = Files.createTempFile("sfu-lossy-link-server", ".log");
        String script = String.join("\n",
                "set -e",
                "ip link set lo up",
                "\"$JAVA\" -cp \"$SFU_CLASSPATH\" dev.sfu.server.Main > \"$SERVER_LOG\" 2>&1 &",
                "SERVER=$!",
                "trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT",
                "node lossy-link.mjs --url http://127.0.0.1:" + HTTP_PORT + " --api-key \"$SFU_API_KEY\""
                        + " --loss 5 --seconds 20");
        ProcessBuilder builder = new ProcessBuilder(List.of("unshare", "-n", "--", "sh", "-c", script))
                .directory(e2e.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = builder.environment();
        env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        env.put("SFU_CLASSPATH", System.getProperty("java.class.path"));
        env.put("SERVER_LOG", serverLog.toString());
        env.putAll(TestServers.loopbackEnvironment(Map.of("SFU_HTTP_PORT", String.valueOf(HTTP_PORT),
                "SFU_RTC_UDP_PORT", String.valueOf(UDP_PORT))));
        Process process = builder.start();
        JsonNode result;
        try {
            byte[] stdout = process.getInputStream().readAllBytes();
            assertTrue(process.waitFor(180, TimeUnit.SECONDS), "lossy-link run did not finish within 180 s");
            String text = new String(stdout, StandardCharsets.UTF_8).trim();
            try {
                result = new ObjectMapper().readTree(text);
            } catch (IOException e) {
                throw new AssertionError("lossy-link.mjs printed no JSON (exit " + process.exitValue() + "): " + text
                        + "\nserver log:\n" + tail(serverLog), e);
            }
        } finally {
            process.destroyForcibly();
        }
        System.out.println("lossy-link result: " + result.toPrettyString());
        assertEquals(0, result.path("failures").size(),
                "failures: " + result.path("failures") + "\nserver log:\n" + tail(serverLog));
        JsonNode lossy = result.path("lossy");
        assertTrue(lossy.path("nftDropped").asLong() > 0, "packets were dropped");
        assertTrue(lossy.path("viewer").path("nackCount").asLong() > 0, "the browser NACKed");
        assertTrue(lossy.path("server").path("rtxSent").asDouble() > 0, "the server answered with RTX");
        assertTrue(result.path("ratio").asDouble() >= 0.9, "decoded ratio " + result.path("ratio"));
        Files.deleteIfExists(serverLog);
    }

    private static void requireTools() throws Exception {
        String uid = new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes(),
                StandardCharsets.US_ASCII).trim();
        if (!"0".equals(uid)) {
            throw new IllegalStateException("the lossy-link test needs root (unshare -n, nft): uid is " + uid);
        }
        for (String tool : List.of("unshare", "ip", "nft")) {
            Process which = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
            if (which.waitFor() != 0) {
                throw new IllegalStateException(tool + " is missing: run scripts/install-test-deps.sh");
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no server log: " + e + ")";
        }
    }
}
