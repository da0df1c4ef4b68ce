package dev.sfu.server;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the SFU with the configuration in the environment (docs/configuration.md). SIGTERM or SIGINT drains
 * the server (no new rooms, clients told, up to {@code SFU_DRAIN_DEADLINE_SECONDS}) before it stops; a drain
 * started over REST ends the process when it has finished.
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
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            log.info("stopping: draining first (at most {} s)", config.drainDeadline().toSeconds());
            try {
                server.drain(config.drainDeadline()).get(config.drainDeadline().toSeconds() + 5, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("drain did not finish: {}", e.toString());
            }
            log.info("shutting down");
            server.close();
        }, "sfu-shutdown"));
        server.drained().thenRun(() -> {
            if (!stopping.get()) {
                log.info("drain finished: exiting");
                new Thread(() -> System.exit(0), "sfu-exit").start();
            }
        });
        log.info("SFU ready: open http://127.0.0.1:{}/ in a browser", server.httpPort());
    }
}
