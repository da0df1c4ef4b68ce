package dev.sfu.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the server (this module's classes, {@link Main} in a child JVM) and one e2e/ Node script together in a
 * network namespace of their own ({@code unshare -n}, only {@code lo} up), for scripts that change the network
 * with nftables: the rules touch nothing outside and vanish with the namespace. Needs root, {@code unshare},
 * {@code ip} and {@code nft} ({@code scripts/install-test-deps.sh} installs them).
 *
 * <p>The script gets {@code --url} and {@code --api-key} before its own arguments, as with {@link RunningServer}.
 */
final class PrivateNetworkRun {
    private PrivateNetworkRun() {}

    /** What the script printed, and the end of the server's log (for failure messages). */
    record Outcome(JsonNode result, String serverLogTail) {}

    static Outcome run(String script, long timeoutSeconds, int httpPort, int udpPort, String... scriptArgs)
            throws IOException, InterruptedException {
        Path e2e = NodeScript.e2eDirectory();
        requireRootAndTools();
        Path serverLog = Files.createTempFile("sfu-" + script.replace(".mjs", ""), ".log");
        List<String> node = new ArrayList<>(List.of("node", script, "--url", "http://127.0.0.1:" + httpPort,
                "--api-key", TestServers.API_KEY));
        node.addAll(List.of(scriptArgs));
        // The script's arguments reach sh as "$@", never spliced into the command text.
        String shell = String.join("\n",
                "set -e",
                "ip link set lo up",
                "\"$JAVA\" -cp \"$SFU_CLASSPATH\" dev.sfu.server.Main > \"$SERVER_LOG\" 2>&1 &",
                "SERVER=$!",
                "trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT",
                "\"$@\"");
        List<String> command = new ArrayList<>(List.of("unshare", "-n", "--", "sh", "-c", shell, "sh"));
        command.addAll(node);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(e2e.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = builder.environment();
        env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        env.put("SFU_CLASSPATH", System.getProperty("java.class.path"));
        env.put("SERVER_LOG", serverLog.toString());
        env.putAll(TestServers.loopbackEnvironment(Map.of("SFU_HTTP_PORT", String.valueOf(httpPort),
                "SFU_RTC_UDP_PORT", String.valueOf(udpPort))));
        Process process = builder.start();
        try {
            byte[] stdout = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new AssertionError(script + " did not finish within " + timeoutSeconds + " s");
            }
            String text = new String(stdout, StandardCharsets.UTF_8).trim();
            String logTail = tail(serverLog);
            try {
                return new Outcome(new ObjectMapper().readTree(text), logTail);
            } catch (IOException e) {
                throw new AssertionError(script + " printed no JSON (exit " + process.exitValue() + "): " + text
                        + "\nserver log:\n" + logTail, e);
            }
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(serverLog);
        }
    }

    private static void requireRootAndTools() throws IOException, InterruptedException {
        String uid = new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes(),
                StandardCharsets.US_ASCII).trim();
        if (!"0".equals(uid)) {
            throw new IllegalStateException("a private network run needs root (unshare -n, nft): uid is " + uid);
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
