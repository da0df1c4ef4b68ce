package dev.sfu.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A test client script (an e2e/ Node script, or e2e/gst/peer.py) running beside the test, for calls where two
 * clients must overlap: {@link #stop} asks it to end its hold (SIGTERM, which these scripts take as "finish now
 * and report"), {@link #await} lets it end by itself. Either returns the one JSON object it printed on stdout;
 * its stderr goes to this test's output.
 */
final class BackgroundScript implements AutoCloseable {
    private final String name;
    private final Process process;
    private final CompletableFuture<byte[]> stdout;

    private BackgroundScript(String name, Process process) {
        this.name = name;
        this.process = process;
        // Read stdout while it runs, so a chatty script never blocks on a full pipe.
        this.stdout = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static BackgroundScript start(String name, Path directory, List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).directory(directory.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new BackgroundScript(name, process);
    }

    /** Waits up to {@code timeoutSeconds} for the script to end by itself; its JSON report. */
    JsonNode await(long timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not finish within " + timeoutSeconds + " s");
        }
        return report();
    }

    /** Sends SIGTERM (the script ends its hold and reports) and waits up to {@code timeoutSeconds}. */
    JsonNode stop(long timeoutSeconds) throws InterruptedException {
        // Through the handle: Process.destroy() would also close our end of its stdout before we read the report.
        process.toHandle().destroy();
        return await(timeoutSeconds);
    }

    private JsonNode report() throws InterruptedException {
        String text;
        try {
            text = new String(stdout.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8).trim();
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(name + ": could not read its stdout", e);
        }
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError(name + " printed no JSON (exit " + process.exitValue() + "): " + text, e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
