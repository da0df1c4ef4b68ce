package dev.sfu.api;

import dev.sfu.api.auth.JoinPolicy;
import dev.sfu.api.auth.JoinTokens;
import dev.sfu.api.signaling.IceServers;
import dev.sfu.api.signaling.SignalingLimits;
import dev.sfu.core.model.RoomSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the control plane (sfu-server reads them from the environment, docs/configuration.md).
 *
 * @param apiKeys keys accepted as {@code Authorization: Bearer <key>} on the REST API (at least one)
 * @param tokens signs and verifies join tokens
 * @param tokenRequired whether a signaling {@code join} must carry a token (production); when false a join
 *     without one is admitted with every grant but admin (development mode), a join with one is still checked
 * @param defaultTokenTtl lifetime of an issued token when the request names none
 * @param maxTokenTtl the longest lifetime a request may ask for
 * @param autoCreateRooms whether a join with a valid token creates its room if it does not exist
 * @param newRoomDefaults settings of rooms created by a join, and defaults for REST-created rooms
 * @param maxRequestBytes the largest REST request body (413 above)
 * @param maxMetadataChars the longest room or participant metadata
 * @param webhookUrls where room events are posted (empty: none)
 * @param webhookSecret the HMAC-SHA256 key webhook signatures are made with
 * @param webhookFirstBackoff the wait before a failed webhook's first retry; each next one waits twice as long
 * @param drainDeadline how long a drain waits for rooms to end before closing them
 * @param iceServers STUN/TURN servers handed to clients in {@code joined}
 * @param signalingLimits what one signaling WebSocket may cost (message rates, queued bytes, keepalive)
 */
public record ApiConfig(List<String> apiKeys, JoinTokens tokens, boolean tokenRequired, Duration defaultTokenTtl,
        Duration maxTokenTtl, boolean autoCreateRooms, RoomSettings newRoomDefaults, int maxRequestBytes,
        int maxMetadataChars, List<URI> webhookUrls, String webhookSecret, Duration webhookFirstBackoff, Duration drainDeadline,
        IceServers iceServers, SignalingLimits signalingLimits) {

    public ApiConfig {
        signalingLimits = signalingLimits == null ? SignalingLimits.defaults() : signalingLimits;
        apiKeys = List.copyOf(apiKeys);
        webhookUrls = List.copyOf(webhookUrls);
        iceServers = iceServers == null ? IceServers.none() : iceServers;
        if (apiKeys.isEmpty() || apiKeys.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("at least one API key, none blank");
        }
        if (!webhookUrls.isEmpty() && (webhookSecret == null || webhookSecret.isEmpty())) {
            throw new IllegalArgumentException("webhooks need a secret to sign with");
        }
    }

    /** The part of this configuration a signaling {@code join} is held to. */
    public JoinPolicy joinPolicy() {
        return new JoinPolicy(tokens, tokenRequired, autoCreateRooms, newRoomDefaults, maxMetadataChars);
    }

    /** Defaults for tests: one key, tokens required, no webhooks, rooms closed when empty. */
    public static ApiConfig of(String apiKey, JoinTokens tokens) {
        return new ApiConfig(List.of(apiKey), tokens, true, Duration.ofMinutes(10), Duration.ofHours(24), true,
                RoomSettings.defaults(), 64 * 1024, 4096, List.of(), "", Duration.ofMillis(500), Duration.ofMinutes(5),
                IceServers.none(), SignalingLimits.defaults());
    }

    public ApiConfig withTokenRequired(boolean required) {
        return new ApiConfig(apiKeys, tokens, required, defaultTokenTtl, maxTokenTtl, autoCreateRooms,
                newRoomDefaults, maxRequestBytes, maxMetadataChars, webhookUrls, webhookSecret, webhookFirstBackoff, drainDeadline,
                iceServers, signalingLimits);
    }

    public ApiConfig withDrainDeadline(Duration deadline) {
        return new ApiConfig(apiKeys, tokens, tokenRequired, defaultTokenTtl, maxTokenTtl, autoCreateRooms,
                newRoomDefaults, maxRequestBytes, maxMetadataChars, webhookUrls, webhookSecret, webhookFirstBackoff,
                deadline, iceServers, signalingLimits);
    }

    public ApiConfig withWebhookBackoff(Duration firstBackoff) {
        return new ApiConfig(apiKeys, tokens, tokenRequired, defaultTokenTtl, maxTokenTtl, autoCreateRooms,
                newRoomDefaults, maxRequestBytes, maxMetadataChars, webhookUrls, webhookSecret, firstBackoff,
                drainDeadline, iceServers, signalingLimits);
    }

    public ApiConfig withWebhooks(List<URI> urls, String secret) {
        return new ApiConfig(apiKeys, tokens, tokenRequired, defaultTokenTtl, maxTokenTtl, autoCreateRooms,
                newRoomDefaults, maxRequestBytes, maxMetadataChars, urls, secret, webhookFirstBackoff, drainDeadline,
                iceServers, signalingLimits);
    }

    public ApiConfig withNewRoomDefaults(RoomSettings defaults) {
        return new ApiConfig(apiKeys, tokens, tokenRequired, defaultTokenTtl, maxTokenTtl, autoCreateRooms,
                defaults, maxRequestBytes, maxMetadataChars, webhookUrls, webhookSecret, webhookFirstBackoff, drainDeadline,
                iceServers, signalingLimits);
    }

    public ApiConfig withAutoCreateRooms(boolean autoCreate) {
        return new ApiConfig(apiKeys, tokens, tokenRequired, defaultTokenTtl, maxTokenTtl, autoCreate,
                newRoomDefaults, maxRequestBytes, maxMetadataChars, webhookUrls, webhookSecret, webhookFirstBackoff, drainDeadline,
                iceServers, signalingLimits);
    }

    public ApiConfig withIceServers(IceServers servers) {
        return new ApiConfig(apiKeys, tokens, tokenRequired, defaultTokenTtl, maxTokenTtl, autoCreateRooms,
                newRoomDefaults, maxRequestBytes, maxMetadataChars, webhookUrls, webhookSecret, webhookFirstBackoff,
                drainDeadline, servers, signalingLimits);
    }

    public ApiConfig withSignalingLimits(SignalingLimits limits) {
        return new ApiConfig(apiKeys, tokens, tokenRequired, defaultTokenTtl, maxTokenTtl, autoCreateRooms,
                newRoomDefaults, maxRequestBytes, maxMetadataChars, webhookUrls, webhookSecret, webhookFirstBackoff,
                drainDeadline, iceServers, limits);
    }
}
