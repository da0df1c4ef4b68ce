package dev.sfu.api.auth;

import dev.sfu.core.model.RoomSettings;

/**
 * What a signaling {@code join} is held to (a part of the server's {@code ApiConfig}).
 *
 * @param tokens verifies join tokens
 * @param tokenRequired whether a join without a token is refused (production) or admitted with every grant but
 *     admin (development)
 * @param autoCreateRooms whether a join with a valid token creates its room if it does not exist
 * @param newRoomDefaults settings of rooms a join creates
 * @param maxMetadataChars the longest metadata a token may carry
 */
public record JoinPolicy(JoinTokens tokens, boolean tokenRequired, boolean autoCreateRooms,
        RoomSettings newRoomDefaults, int maxMetadataChars) {}
