package dev.sfu.server;

import java.util.HashMap;
import java.util.Map;

/**
 * Server configurations for tests: production mode (an API key, join tokens required), free ports, media and
 * ICE on loopback only.
 */
final class TestServers {
    static final String API_KEY = "test-api-key";

    private TestServers() {}

    static ServerConfig loopback() {
        return loopback(Map.of());
    }

    /** {@link #loopback()} with more variables set (or overridden). */
    static ServerConfig loopback(Map<String, String> extra) {
        return ServerConfig.fromEnvironment(loopbackEnvironment(extra));
    }

    /** The environment of {@link #loopback(Map)}, for a server started as a process of its own. */
    static Map<String, String> loopbackEnvironment(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of(
                "SFU_HTTP_HOST", "127.0.0.1",
                "SFU_HTTP_PORT", "0",
                "SFU_RTC_BIND_HOST", "127.0.0.1",
                "SFU_RTC_UDP_PORT", "0",
                "SFU_ANNOUNCED_ADDRESS", "127.0.0.1",
                "SFU_ICE_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128",
                "SFU_API_KEY", API_KEY,
                "SFU_JWT_SECRET", ServerConfig.randomSecret(),
                "SFU_MAX_ROOMS", "10",
                "SFU_MAX_PARTICIPANTS_PER_ROOM", "10"));
        env.putAll(extra);
        return env;
    }
}
