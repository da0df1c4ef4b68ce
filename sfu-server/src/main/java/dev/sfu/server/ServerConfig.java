package dev.sfu.server;

import dev.sfu.api.ApiConfig;
import dev.sfu.api.auth.JoinTokens;
import dev.sfu.api.signaling.IceServers;
import dev.sfu.api.signaling.SignalingLimits;
import dev.sfu.core.model.DataLimits;
import dev.sfu.core.model.MediaConfig;
import dev.sfu.core.model.RoomSettings;
import dev.sfu.core.transport.AllowedNetworks;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The server's settings, read from environment variables (docs/configuration.md). With no {@code SFU_API_KEY}
 * the server runs in development mode: REST key "devkey", joins admitted without a token, a random token secret,
 * warnings logged. With {@code SFU_API_KEY} (production) a join needs a token and {@code SFU_JWT_SECRET} must be
 * set.
 */
public record ServerConfig(String httpHost, int httpPort, String rtcBindHost, int rtcUdpPort, String announcedAddress,
        String iceAllowedNetworks, List<String> apiKeys, boolean developmentMode, int maxRooms,
        int maxParticipantsPerRoom, Duration consentTimeout, byte[] jwtSecret, boolean jwtSecretGenerated,
        Duration tokenTtl, Duration maxTokenTtl, Duration roomEmptyTimeout, boolean autoCreateRooms,
        int maxRequestBytes, int maxMetadataChars, List<URI> webhookUrls, String webhookSecret,
        Duration drainDeadline, IceServers iceServers, Duration keyframeCacheMaxAge, int mediaLoops,
        SignalingLimits signalingLimits, int maxTracksPerParticipant, Duration requestHeadTimeout,
        Duration httpIdleTimeout, DataLimits dataLimits) {

    public static final String DEV_API_KEY = "devkey";

    public static ServerConfig fromEnvironment(Map<String, String> env) {
        String keys = env.get("SFU_API_KEY");
        boolean dev = keys == null || keys.isBlank();
        List<String> apiKeys = dev ? List.of(DEV_API_KEY) : list(keys);
        String secret = env.get("SFU_JWT_SECRET");
        byte[] jwtSecret;
        boolean generated = false;
        if (secret == null || secret.isBlank()) {
            if (!dev) {
                throw new IllegalArgumentException("SFU_JWT_SECRET must be set (at least "
                        + JoinTokens.MIN_SECRET_BYTES + " bytes) when SFU_API_KEY is set");
            }
            jwtSecret = new byte[32];
            new SecureRandom().nextBytes(jwtSecret);
            generated = true;
        } else {
            jwtSecret = secret.getBytes(StandardCharsets.UTF_8);
            if (jwtSecret.length < JoinTokens.MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("SFU_JWT_SECRET must be at least " + JoinTokens.MIN_SECRET_BYTES
                        + " bytes, got " + jwtSecret.length);
            }
        }
        List<URI> webhooks = new ArrayList<>();
        for (String url : list(env.getOrDefault("SFU_WEBHOOK_URLS", ""))) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("SFU_WEBHOOK_URLS: '" + url + "' is not a URL");
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("SFU_WEBHOOK_URLS: '" + url + "' is not an http(s) URL");
            }
            webhooks.add(uri);
        }
        String webhookSecret = env.getOrDefault("SFU_WEBHOOK_SECRET", "");
        if (!webhooks.isEmpty() && webhookSecret.isBlank()) {
            throw new IllegalArgumentException("SFU_WEBHOOK_SECRET must be set when SFU_WEBHOOK_URLS is");
        }
        int tokenTtl = intValue(env, "SFU_TOKEN_TTL_SECONDS", 600, 10, 86_400);
        int maxTokenTtl = intValue(env, "SFU_TOKEN_MAX_TTL_SECONDS", 86_400, 10, 30 * 86_400);
        if (tokenTtl > maxTokenTtl) {
            throw new IllegalArgumentException("SFU_TOKEN_TTL_SECONDS must not exceed SFU_TOKEN_MAX_TTL_SECONDS");
        }
        return new ServerConfig(
                env.getOrDefault("SFU_HTTP_HOST", "0.0.0.0"),
                intValue(env, "SFU_HTTP_PORT", 8080, 0, 65535),
                env.getOrDefault("SFU_RTC_BIND_HOST", "0.0.0.0"),
                intValue(env, "SFU_RTC_UDP_PORT", 10000, 0, 65535),
                env.getOrDefault("SFU_ANNOUNCED_ADDRESS", "127.0.0.1"),
                env.getOrDefault("SFU_ICE_ALLOWED_NETWORKS", ""),
                apiKeys,
                dev,
                intValue(env, "SFU_MAX_ROOMS", 100, 1, 100_000),
                intValue(env, "SFU_MAX_PARTICIPANTS_PER_ROOM", 50, 1, 10_000),
                Duration.ofSeconds(intValue(env, "SFU_ICE_CONSENT_TIMEOUT_SECONDS", 30, 5, 300)),
                jwtSecret,
                generated,
                Duration.ofSeconds(tokenTtl),
                Duration.ofSeconds(maxTokenTtl),
                Duration.ofSeconds(intValue(env, "SFU_ROOM_EMPTY_TIMEOUT_SECONDS", 300, 0, 7 * 86_400)),
                boolValue(env, "SFU_AUTO_CREATE_ROOMS", true),
                intValue(env, "SFU_MAX_REQUEST_BYTES", 64 * 1024, 1024, 16 * 1024 * 1024),
                intValue(env, "SFU_MAX_METADATA_CHARS", 4096, 0, 65_536),
                List.copyOf(webhooks),
                webhookSecret,
                Duration.ofSeconds(intValue(env, "SFU_DRAIN_DEADLINE_SECONDS", 300, 0, 86_400)),
                iceServers(env),
                Duration.ofMillis(intValue(env, "SFU_KEYFRAME_CACHE_MAX_AGE_MS",
                        (int) MediaConfig.DEFAULT_KEYFRAME_CACHE_MAX_AGE.toMillis(), 0, 2_000)),
                mediaLoops(env),
                signalingLimits(env),
                intValue(env, "SFU_MAX_TRACKS_PER_PARTICIPANT", MediaConfig.DEFAULT_MAX_TRACKS_PER_PARTICIPANT, 1, 64),
                Duration.ofSeconds(intValue(env, "SFU_HTTP_REQUEST_HEAD_TIMEOUT_SECONDS", 10, 1, 300)),
                Duration.ofSeconds(intValue(env, "SFU_HTTP_IDLE_TIMEOUT_SECONDS", 60, 5, 3600)),
                dataLimits(env));
    }

    /** The SFU_DATA_* limits of each participant's data channels (docs/configuration.md, "Data channels"). */
    private static DataLimits dataLimits(Map<String, String> env) {
        DataLimits defaults = DataLimits.DEFAULTS;
        int maxMessage = intValue(env, "SFU_DATA_MAX_MESSAGE_BYTES", (int) defaults.maxMessageSize(), 1024,
                16 * 1024 * 1024);
        int budget = intValue(env, "SFU_DATA_SEND_BUFFER_BYTES", (int) defaults.sendBudgetBytes(), 64 * 1024,
                256 * 1024 * 1024);
        if (budget < maxMessage) {
            throw new IllegalArgumentException("SFU_DATA_SEND_BUFFER_BYTES must be at least SFU_DATA_MAX_MESSAGE_BYTES");
        }
        return new DataLimits(maxMessage, budget,
                intValue(env, "SFU_DATA_MESSAGES_PER_SECOND", defaults.messagesPerSecond(), 1, 100_000),
                intValue(env, "SFU_DATA_BYTES_PER_SECOND", (int) defaults.bytesPerSecond(), 1024, 1 << 30));
    }

    /** The SFU_WS_* limits of one signaling WebSocket (docs/operations.md, "Limits and protections"). */
    private static SignalingLimits signalingLimits(Map<String, String> env) {
        SignalingLimits defaults = SignalingLimits.defaults();
        int ping = intValue(env, "SFU_WS_PING_INTERVAL_SECONDS", (int) defaults.pingInterval().toSeconds(), 1, 60);
        int timeout = intValue(env, "SFU_WS_KEEPALIVE_TIMEOUT_SECONDS",
                (int) defaults.keepaliveTimeout().toSeconds(), 2, 120);
        if (timeout <= ping) {
            throw new IllegalArgumentException("SFU_WS_KEEPALIVE_TIMEOUT_SECONDS must be longer than "
                    + "SFU_WS_PING_INTERVAL_SECONDS");
        }
        // Development mode admits any Origin (a page served elsewhere may try the server); production only the
        // server's own origin unless SFU_ALLOWED_ORIGINS names others.
        String origins = env.get("SFU_ALLOWED_ORIGINS");
        boolean dev = env.get("SFU_API_KEY") == null || env.get("SFU_API_KEY").isBlank();
        List<String> allowed = origins == null || origins.isBlank() ? (dev ? List.of("*") : List.of()) : list(origins);
        return defaults
                .withAllowedOrigins(allowed)
                .withMaxQueuedBytes(intValue(env, "SFU_WS_MAX_QUEUED_BYTES", defaults.maxQueuedBytes(), 16 * 1024,
                        64 * 1024 * 1024))
                .withMessageRate(intValue(env, "SFU_WS_MESSAGES_PER_SECOND", (int) defaults.messagesPerSecond(), 1,
                        10_000), intValue(env, "SFU_WS_MESSAGE_BURST", defaults.messageBurst(), 1, 100_000))
                .withKeepalive(Duration.ofSeconds(ping), Duration.ofSeconds(timeout));
    }

    /** SFU_MEDIA_LOOPS, whose ports SFU_RTC_UDP_PORT .. + loops - 1 must all exist. */
    private static int mediaLoops(Map<String, String> env) {
        int loops = intValue(env, "SFU_MEDIA_LOOPS", MediaConfig.defaultMediaLoops(), 1, MediaConfig.MAX_MEDIA_LOOPS);
        int port = intValue(env, "SFU_RTC_UDP_PORT", 10000, 0, 65535);
        if (port != 0 && port + loops - 1 > 65535) {
            throw new IllegalArgumentException("SFU_RTC_UDP_PORT + SFU_MEDIA_LOOPS - 1 must be at most 65535, got "
                    + (port + loops - 1));
        }
        return loops;
    }

    public MediaConfig mediaConfig() {
        return MediaConfig.defaults()
                .withBindAddress(new InetSocketAddress(rtcBindHost, rtcUdpPort))
                .withAnnouncedAddress(announcedAddress)
                .withAllowedNetworks(AllowedNetworks.parse(iceAllowedNetworks))
                .withLimits(maxRooms, maxParticipantsPerRoom)
                .withConsentTimeout(consentTimeout)
                .withKeyframeCacheMaxAge(keyframeCacheMaxAge)
                .withMediaLoops(mediaLoops)
                .withMaxTracksPerParticipant(maxTracksPerParticipant)
                .withDataLimits(dataLimits);
    }

    public ApiConfig apiConfig() {
        return new ApiConfig(apiKeys, new JoinTokens(jwtSecret, Clock.systemUTC()), !developmentMode, tokenTtl,
                maxTokenTtl, autoCreateRooms, new RoomSettings(0, roomEmptyTimeout, ""), maxRequestBytes,
                maxMetadataChars, webhookUrls, webhookSecret, Duration.ofMillis(500), drainDeadline, iceServers,
                signalingLimits);
    }

    /** The first API key (what the development-mode message names). */
    public String apiKey() {
        return apiKeys.get(0);
    }

    /** A fresh random secret, for tests and the development-mode default. */
    static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SFU_ICE_SERVERS with either SFU_TURN_SECRET (per-participant credentials) or a static user/password. */
    private static IceServers iceServers(Map<String, String> env) {
        try {
            return IceServers.of(list(env.getOrDefault("SFU_ICE_SERVERS", "")), env.getOrDefault("SFU_TURN_SECRET", ""),
                    env.getOrDefault("SFU_TURN_USERNAME", ""), env.getOrDefault("SFU_TURN_PASSWORD", ""),
                    Duration.ofSeconds(intValue(env, "SFU_TURN_CREDENTIAL_TTL_SECONDS", 86_400, 60, 7 * 86_400)),
                    Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SFU_ICE_SERVERS: " + e.getMessage(), e);
        }
    }

    private static List<String> list(String raw) {
        List<String> values = new ArrayList<>();
        for (String part : raw.split(",")) {
            if (!part.isBlank()) {
                values.add(part.trim());
            }
        }
        return values;
    }

    private static boolean boolValue(Map<String, String> env, String name, boolean fallback) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        return switch (raw.trim().toLowerCase()) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, got '" + raw + "'");
        };
    }

    private static int intValue(Map<String, String> env, String name, int fallback, int min, int max) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got '" + raw + "'");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }
}
