package dev.sfu.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server as an orchestrator runs it: {@link Main} in a JVM of its own (from the test classpath), configured
 * by environment variables, for tests that signal the process or run it in a network namespace. Its log is
 * copied to this test's output; {@link #awaitReady} waits for its "SFU ready" line. {@link #close} ends it
 * (SIGTERM, then SIGKILL after 10 s).
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("SFU ready: open http://127\\.0\\.0\\.1:(\\d+)/");

    private final Process process;
    private final CompletableFuture<Integer> ready = new CompletableFuture<>();

    private ServerProcess(Process process) {
        this.process = process;
        Thread pump = new Thread(this::pump, "sfu-server-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** {@code java [jvmOptions] -cp <test classpath> dev.sfu.server.Main}, to run as is or behind a wrapper. */
    static List<String> command(String... jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(Main.class.getName());
        return command;
    }

    /** Starts {@code builder} (a {@link #command}, wrapped or not) with {@code env} added to its environment. */
    static ServerProcess start(ProcessBuilder builder, Map<String, String> env) throws Exception {
        builder.environment().putAll(env);
        return new ServerProcess(builder.redirectErrorStream(true).start());
    }

    /** Waits up to 60 s for the "SFU ready" line; the HTTP port it names. */
    int awaitReady() throws Exception {
        return ready.get(60, TimeUnit.SECONDS);
    }

    Process process() {
        return process;
    }

    /** Copies the server's log to this test's output and completes {@link #ready} at its "SFU ready" line. */
    private void pump() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                System.out.println("[sfu] " + line);
                Matcher matcher = READY.matcher(line);
                if (matcher.find()) {
                    ready.complete(Integer.parseInt(matcher.group(1)));
                }
            }
        } catch (Exception e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new AssertionError("the server ended before it was ready"));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
