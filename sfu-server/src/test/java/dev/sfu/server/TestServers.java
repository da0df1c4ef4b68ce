package dev.sfu.server;

import java.time.Duration;

/** Server configurations for tests: free ports, media and ICE on loopback only. */
final class TestServers {
    static final String API_KEY = "test-api-key";

    private TestServers() {}

    static ServerConfig loopback() {
        return new ServerConfig("127.0.0.1", 0, "127.0.0.1", 0, "127.0.0.1", "127.0.0.0/8,::1/128", API_KEY, false,
                10, 10, Duration.ofSeconds(30));
    }
}
