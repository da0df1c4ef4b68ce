package dev.sfu.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the SFU with the configuration in the environment (docs/configuration.md). */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) throws Exception {
        ServerConfig config;
        try {
            config = ServerConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("sfu: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        SfuServer server = SfuServer.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down");
            server.close();
        }, "sfu-shutdown"));
        log.info("SFU ready: open http://127.0.0.1:{}/ in a browser", server.httpPort());
    }
}
