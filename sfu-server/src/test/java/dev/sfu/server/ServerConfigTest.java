package dev.sfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.api.ApiConfig;
import dev.sfu.api.signaling.SignalingLimits;
import dev.sfu.core.model.MediaConfig;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration from the environment (docs/configuration.md): development defaults, production requirements. */
class ServerConfigTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void noApiKeyIsDevelopmentModeWithAGeneratedSecretAndNoTokenNeeded() {
        ServerConfig config = ServerConfig.fromEnvironment(Map.of());

        assertTrue(config.developmentMode());
        assertTrue(config.jwtSecretGenerated());
        assertEquals(List.of(ServerConfig.DEV_API_KEY), config.apiKeys());
        ApiConfig api = config.apiConfig();
        assertFalse(api.tokenRequired());
        assertEquals(Duration.ofSeconds(600), api.defaultTokenTtl());
        assertEquals(Duration.ofSeconds(300), api.newRoomDefaults().emptyTimeout());
        assertEquals(Duration.ofSeconds(300), api.drainDeadline());
    }

    @Test
    void productionNeedsASecretAndAcceptsSeveralKeys() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.fromEnvironment(Map.of("SFU_API_KEY", "k1")));
        assertTrue(missing.getMessage().contains("SFU_JWT_SECRET"), missing.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.fromEnvironment(Map.of("SFU_API_KEY", "k1", "SFU_JWT_SECRET", "short")));

        ServerConfig config = ServerConfig.fromEnvironment(Map.of("SFU_API_KEY", "new-key, old-key",
                "SFU_JWT_SECRET", SECRET));

        assertFalse(config.developmentMode());
        assertEquals(List.of("new-key", "old-key"), config.apiKeys());
        assertTrue(config.apiConfig().tokenRequired());
    }

    @Test
    void iceServersComeWithSharedSecretOrStaticCredentials() {
        assertTrue(ServerConfig.fromEnvironment(Map.of()).apiConfig().iceServers().isEmpty());

        ServerConfig shared = ServerConfig.fromEnvironment(Map.of("SFU_ICE_SERVERS",
                "stun:turn.example.net:3478, turn:turn.example.net:3478?transport=udp", "SFU_TURN_SECRET", "s3cret"));
        List<Map<String, Object>> servers = shared.apiConfig().iceServers().forParticipant("PA_1");
        assertEquals(2, servers.size(), servers.toString());
        assertTrue(((String) servers.get(1).get("username")).endsWith(":PA_1"), servers.toString());

        ServerConfig fixed = ServerConfig.fromEnvironment(Map.of("SFU_ICE_SERVERS", "turn:127.0.0.1:3478",
                "SFU_TURN_USERNAME", "sfu", "SFU_TURN_PASSWORD", "pw"));
        assertEquals("pw", fixed.apiConfig().iceServers().forParticipant("PA_1").get(0).get("credential"));

        IllegalArgumentException noCredentials = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.fromEnvironment(Map.of("SFU_ICE_SERVERS", "turn:127.0.0.1:3478")));
        assertTrue(noCredentials.getMessage().startsWith("SFU_ICE_SERVERS"), noCredentials.getMessage());
    }

    @Test
    void webhooksNeedASecretAndHttpUrls() {
        Map<String, String> env = new HashMap<>(Map.of("SFU_WEBHOOK_URLS", "http://127.0.0.1:9000/hooks"));
        IllegalArgumentException noSecret = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.fromEnvironment(env));
        assertTrue(noSecret.getMessage().contains("SFU_WEBHOOK_SECRET"));
        env.put("SFU_WEBHOOK_SECRET", "s");
        assertEquals(List.of(URI.create("http://127.0.0.1:9000/hooks")),
                ServerConfig.fromEnvironment(env).apiConfig().webhookUrls());
        env.put("SFU_WEBHOOK_URLS", "ftp://x/");
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.fromEnvironment(env));
    }

    @Test
    void limitsAndTimeoutsParseAndOutOfRangeValuesAreRefused() {
        ServerConfig config = ServerConfig.fromEnvironment(Map.of("SFU_ROOM_EMPTY_TIMEOUT_SECONDS", "0",
                "SFU_MAX_REQUEST_BYTES", "2048", "SFU_AUTO_CREATE_ROOMS", "false", "SFU_DRAIN_DEADLINE_SECONDS", "10",
                "SFU_TOKEN_TTL_SECONDS", "60"));

        assertEquals(Duration.ZERO, config.apiConfig().newRoomDefaults().emptyTimeout());
        assertEquals(2048, config.apiConfig().maxRequestBytes());
        assertFalse(config.apiConfig().autoCreateRooms());
        assertEquals(Duration.ofSeconds(10), config.drainDeadline());
        assertEquals(Duration.ofSeconds(60), config.apiConfig().defaultTokenTtl());
        for (Map<String, String> bad : List.of(Map.of("SFU_MAX_REQUEST_BYTES", "10"),
                Map.of("SFU_AUTO_CREATE_ROOMS", "maybe"), Map.of("SFU_TOKEN_TTL_SECONDS", "abc"),
                Map.of("SFU_TOKEN_TTL_SECONDS", "90000", "SFU_TOKEN_MAX_TTL_SECONDS", "80000"))) {
            assertThrows(IllegalArgumentException.class, () -> ServerConfig.fromEnvironment(bad), bad.toString());
        }
    }

    @Test
    void signalingLimitsHaveDocumentedDefaultsAndTheKeepaliveMustOutlastThePing() {
        SignalingLimits defaults = ServerConfig.fromEnvironment(Map.of("SFU_API_KEY", "k", "SFU_JWT_SECRET", SECRET))
                .apiConfig().signalingLimits();
        assertEquals(SignalingLimits.defaults(), defaults);
        assertEquals(1024 * 1024, defaults.maxQueuedBytes());
        assertEquals(Duration.ofSeconds(25), defaults.keepaliveTimeout());

        SignalingLimits set = ServerConfig.fromEnvironment(Map.of("SFU_WS_MESSAGES_PER_SECOND", "20",
                "SFU_WS_MESSAGE_BURST", "40", "SFU_WS_MAX_QUEUED_BYTES", "65536", "SFU_WS_PING_INTERVAL_SECONDS", "5",
                "SFU_WS_KEEPALIVE_TIMEOUT_SECONDS", "12")).apiConfig().signalingLimits();
        assertEquals(new SignalingLimits(2, 10, 65536, 20, 40, Duration.ofSeconds(5), Duration.ofSeconds(12),
                List.of("*")), set, "development mode admits any Origin");
        for (Map<String, String> bad : List.of(Map.of("SFU_WS_MESSAGES_PER_SECOND", "0"),
                Map.of("SFU_WS_MAX_QUEUED_BYTES", "1000"), Map.of("SFU_WS_KEEPALIVE_TIMEOUT_SECONDS", "121"),
                Map.of("SFU_WS_PING_INTERVAL_SECONDS", "20", "SFU_WS_KEEPALIVE_TIMEOUT_SECONDS", "20"))) {
            assertThrows(IllegalArgumentException.class, () -> ServerConfig.fromEnvironment(bad), bad.toString());
        }
    }

    @Test
    void productionAdmitsOnlyItsOwnOriginUnlessOthersAreListed() {
        Map<String, String> production = new HashMap<>(Map.of("SFU_API_KEY", "k", "SFU_JWT_SECRET", SECRET));
        SignalingLimits own = ServerConfig.fromEnvironment(production).apiConfig().signalingLimits();
        assertEquals(List.of(), own.allowedOrigins());
        assertTrue(own.originAllowed("https://sfu.example:8443", "sfu.example:8443"));
        assertFalse(own.originAllowed("https://evil.example", "sfu.example:8443"));
        assertTrue(own.originAllowed(null, "sfu.example:8443"), "not a browser");
        production.put("SFU_ALLOWED_ORIGINS", "https://app.example, https://admin.example");
        SignalingLimits listed = ServerConfig.fromEnvironment(production).apiConfig().signalingLimits();
        assertTrue(listed.originAllowed("https://admin.example", "sfu.example:8443"));
        assertFalse(listed.originAllowed("https://evil.example", "sfu.example:8443"));
        ServerConfig config = ServerConfig.fromEnvironment(Map.of("SFU_HTTP_REQUEST_HEAD_TIMEOUT_SECONDS", "3",
                "SFU_HTTP_IDLE_TIMEOUT_SECONDS", "30"));
        assertEquals(Duration.ofSeconds(3), config.requestHeadTimeout());
        assertEquals(Duration.ofSeconds(30), config.httpIdleTimeout());
        assertEquals(Duration.ofSeconds(10), ServerConfig.fromEnvironment(Map.of()).requestHeadTimeout());
    }

    @Test
    void theKeyframeCacheIsOnForOneSecondByDefaultAndZeroTurnsItOff() {
        assertEquals(Duration.ofSeconds(1), ServerConfig.fromEnvironment(Map.of()).mediaConfig().keyframeCacheMaxAge());
        assertEquals(Duration.ZERO, ServerConfig.fromEnvironment(Map.of("SFU_KEYFRAME_CACHE_MAX_AGE_MS", "0"))
                .mediaConfig().keyframeCacheMaxAge());
        assertEquals(Duration.ofMillis(500), ServerConfig.fromEnvironment(Map.of("SFU_KEYFRAME_CACHE_MAX_AGE_MS", "500"))
                .mediaConfig().keyframeCacheMaxAge());
        assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.fromEnvironment(Map.of("SFU_KEYFRAME_CACHE_MAX_AGE_MS", "2001")));
    }

    @Test
    void mediaLoopsDefaultToTheProcessorsAndNeedTheirPortsToFit() {
        assertEquals(MediaConfig.defaultMediaLoops(), ServerConfig.fromEnvironment(Map.of()).mediaConfig().mediaLoops());
        assertEquals(3, ServerConfig.fromEnvironment(Map.of("SFU_MEDIA_LOOPS", "3")).mediaConfig().mediaLoops());
        assertEquals(4, ServerConfig.fromEnvironment(Map.of("SFU_MEDIA_LOOPS", "4", "SFU_RTC_UDP_PORT", "65532"))
                .mediaConfig().mediaLoops());
        for (Map<String, String> bad : List.of(Map.of("SFU_MEDIA_LOOPS", "0"), Map.of("SFU_MEDIA_LOOPS", "17"),
                Map.of("SFU_MEDIA_LOOPS", "4", "SFU_RTC_UDP_PORT", "65533"))) {
            assertThrows(IllegalArgumentException.class, () -> ServerConfig.fromEnvironment(bad), bad.toString());
        }
    }
}
