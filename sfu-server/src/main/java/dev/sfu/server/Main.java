package dev.sfu.server;

import java.util.concurrent.TimeUnit;
import sun.misc.Signal;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the SFU with the configuration in the environment (docs/configuration.md). SIGTERM or SIGINT drains
 * the server (no new rooms, clients told, up to {@code SFU_DRAIN_DEADLINE_SECONDS}), closes every session with
 * {@code closed} ({@code server_shutdown}) and exits with status 0; a drain started over REST ends the process the
 * same way when it has finished.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        if ("json".equalsIgnoreCase(System.getenv("SFU_LOG_FORMAT"))
                && System.getProperty("logback.configurationFile") == null) {
            // Before the first logger exists: logback reads its configuration once.
            System.setProperty("logback.configurationFile", "logback-json.xml");
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        ServerConfig config;
        try {
            config = ServerConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("sfu: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        SfuServer server = SfuServer.start(config);
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable drainThenExit = () -> {
            if (!stopping.compareAndSet(false, true)) {
                return;
            }
            log.info("stopping: draining first (at most {} s)", config.drainDeadline().toSeconds());
            try {
                server.drain(config.drainDeadline()).get(config.drainDeadline().toSeconds() + 5, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("drain did not finish: {}", e.toString());
            }
            log.info("shutting down");
            server.close();
            System.exit(0);
        };
        // SIGTERM/SIGINT are handled, not left to the JVM: its default runs the shutdown hooks and exits with
        // 128 + signal (143), where an orchestrator (and docs/operations.md) expects 0 after a clean drain.
        for (String signal : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(signal), s -> new Thread(drainThenExit, "sfu-shutdown").start());
            } catch (IllegalArgumentException e) {
                log.warn("cannot handle SIG{} ({}): it stops the server without a drain", signal, e.getMessage());
            }
        }
        // Any other way out (System.exit elsewhere, SIGHUP) still closes the sessions first.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (stopping.compareAndSet(false, true)) {
                server.close();
            }
        }, "sfu-shutdown-hook"));
        server.drained().thenRun(() -> new Thread(() -> {
            if (stopping.get()) {
                return; // a signal's drain: it exits when it has closed the server
            }
            log.info("drain finished: exiting");
            drainThenExit.run();
        }, "sfu-exit").start());
        log.info("SFU ready: open http://127.0.0.1:{}/ in a browser", server.httpPort());
    }
}
