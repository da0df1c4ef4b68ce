package dev.sfu.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension for a running {@link SfuServer} ({@link TestServers#loopback}): started before a class's
 * first test, closed after its last. Register it in a static field, then reach the server from the tests:
 *
 * <pre>
 *   &#64;RegisterExtension
 *   static final RunningServer SERVER = RunningServer.loopback();
 *
 *   JsonNode result = SERVER.runScript("viewer.mjs", 150);   // --url and --api-key given
 * </pre>
 *
 * <p>The tests of a class share it: each e2e script joins a room of its own (named after the script, or
 * {@code --room}), so one test's rooms do not meet another's. A test that drains the server, or needs another
 * configuration per test, starts its own {@link SfuServer} instead.
 */
final class RunningServer implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> environment;
    private SfuServer server;

    private RunningServer(Map<String, String> environment) {
        this.environment = environment;
    }

    static RunningServer loopback() {
        return loopback(Map.of());
    }

    /** {@link TestServers#loopback(Map)}: more variables set (or overridden). */
    static RunningServer loopback(Map<String, String> extra) {
        return new RunningServer(extra);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = SfuServer.start(TestServers.loopback(environment));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    SfuServer server() {
        if (server == null) {
            throw new IllegalStateException("no server: register RunningServer in a static field");
        }
        return server;
    }

    int httpPort() {
        return server().httpPort();
    }

    /** The server's base URL, {@code http://127.0.0.1:port}. */
    String url() {
        return "http://127.0.0.1:" + httpPort();
    }

    /**
     * Runs an e2e/ Node script against this server (its URL and API key given before {@code args}), prints the
     * result for the test log and returns it.
     */
    JsonNode runScript(String script, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        JsonNode result = NodeScript.run(script, timeoutSeconds, withServer(args));
        System.out.println(script + " " + String.join(" ", args) + " result: " + result.toPrettyString());
        return result;
    }

    /** Starts an e2e/ Node script against this server in the background; see {@link BackgroundScript}. */
    BackgroundScript startScript(String script, String... args) throws IOException {
        return NodeScript.start(script, withServer(args));
    }

    private String[] withServer(String... args) {
        List<String> all = new ArrayList<>(List.of("--url", url(), "--api-key", TestServers.API_KEY));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }
}
