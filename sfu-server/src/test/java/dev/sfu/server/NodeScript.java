package dev.sfu.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the e2e/ Node scripts (Playwright driving Debian's Chromium, Puppeteer driving its Firefox ESR)
 * and returns the JSON object it prints on stdout. Its stderr goes to this test's output, so a failure shows what the browsers saw.
 */
final class NodeScript {
    private NodeScript() {}

    static Path e2eDirectory() {
        Path dir = Path.of("..", "e2e").toAbsolutePath().normalize();
        if (!Files.isDirectory(dir.resolve("node_modules").resolve("playwright-core"))) {
            throw new IllegalStateException("e2e/node_modules is missing: run scripts/install-test-deps.sh "
                    + "(the README's test command does)");
        }
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))) {
            throw new IllegalStateException("/usr/bin/chromium is missing: run scripts/install-test-deps.sh");
        }
        return dir;
    }

    /** Fails with the fix when Firefox ESR or puppeteer-core (for scripts given --firefox) is missing. */
    static void requireFirefox() {
        if (!Files.isDirectory(e2eDirectory().resolve("node_modules").resolve("puppeteer-core"))) {
            throw new IllegalStateException("e2e/node_modules/puppeteer-core is missing: run scripts/install-test-deps.sh");
        }
        if (!Files.isExecutable(Path.of("/usr/bin/firefox-esr"))) {
            throw new IllegalStateException("/usr/bin/firefox-esr is missing: run scripts/install-test-deps.sh");
        }
    }

    static JsonNode run(String script, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        return runIn(null, script, timeoutSeconds, args);
    }

    /** Starts the script in the background (for a call beside another client); see {@link BackgroundScript}. */
    static BackgroundScript start(String script, String... args) throws IOException {
        Path dir = e2eDirectory();
        List<String> command = new ArrayList<>(List.of("node", dir.resolve(script).toString()));
        command.addAll(List.of(args));
        return BackgroundScript.start(script, dir, command);
    }

    /** Runs the script inside network namespace {@code netns} ({@code ip netns exec}; root), or here when null. */
    static JsonNode runIn(String netns, String script, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        Path dir = e2eDirectory();
        List<String> command = new ArrayList<>();
        if (netns != null) {
            command.addAll(List.of("ip", "netns", "exec", netns));
        }
        command.add("node");
        command.add(dir.resolve(script).toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] stdout;
        try {
            stdout = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new AssertionError(script + " did not finish within " + timeoutSeconds + " s");
            }
        } finally {
            process.destroyForcibly();
        }
        String text = new String(stdout, StandardCharsets.UTF_8).trim();
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError(script + " printed no JSON (exit " + process.exitValue() + "): " + text, e);
        }
    }
}
