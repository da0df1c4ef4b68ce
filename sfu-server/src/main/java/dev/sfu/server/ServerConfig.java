package dev.sfu.server;

import dev.sfu.core.engine.MediaConfig;
import dev.sfu.core.transport.AllowedNetworks;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

/**
 * The server's settings, read from environment variables (docs/configuration.md). With none set the server
 * runs in development mode: REST key "devkey", media announced on 127.0.0.1, a warning logged.
 */
public record ServerConfig(String httpHost, int httpPort, String rtcBindHost, int rtcUdpPort, String announcedAddress,
        String iceAllowedNetworks, String apiKey, boolean developmentMode, int maxRooms, int maxParticipantsPerRoom,
        Duration consentTimeout) {

    public static final String DEV_API_KEY = "devkey";

    public static ServerConfig fromEnvironment(Map<String, String> env) {
        String apiKey = env.get("SFU_API_KEY");
        boolean dev = apiKey == null || apiKey.isBlank();
        return new ServerConfig(
                env.getOrDefault("SFU_HTTP_HOST", "0.0.0.0"),
                intValue(env, "SFU_HTTP_PORT", 8080, 0, 65535),
                env.getOrDefault("SFU_RTC_BIND_HOST", "0.0.0.0"),
                intValue(env, "SFU_RTC_UDP_PORT", 10000, 0, 65535),
                env.getOrDefault("SFU_ANNOUNCED_ADDRESS", "127.0.0.1"),
                env.getOrDefault("SFU_ICE_ALLOWED_NETWORKS", ""),
                dev ? DEV_API_KEY : apiKey,
                dev,
                intValue(env, "SFU_MAX_ROOMS", 100, 1, 100_000),
                intValue(env, "SFU_MAX_PARTICIPANTS_PER_ROOM", 50, 1, 10_000),
                Duration.ofSeconds(intValue(env, "SFU_ICE_CONSENT_TIMEOUT_SECONDS", 30, 5, 300)));
    }

    public MediaConfig mediaConfig() {
        return MediaConfig.defaults()
                .withBindAddress(new InetSocketAddress(rtcBindHost, rtcUdpPort))
                .withAnnouncedAddress(announcedAddress)
                .withAllowedNetworks(AllowedNetworks.parse(iceAllowedNetworks))
                .withLimits(maxRooms, maxParticipantsPerRoom)
                .withConsentTimeout(consentTimeout);
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
