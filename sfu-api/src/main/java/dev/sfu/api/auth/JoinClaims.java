package dev.sfu.api.auth;

import dev.sfu.core.model.ParticipantPermissions;

/**
 * What a verified join token says.
 *
 * @param room the one room the token admits to
 * @param identity the backend's id of the user (the JWT subject)
 * @param name display name, or empty to use the one the client sends in {@code join}
 * @param metadata opaque text the backend attaches to the participant
 * @param grants what the participant may do
 * @param expiresAtMillis when the token stops being accepted for a join
 */
public record JoinClaims(String room, String identity, String name, String metadata, ParticipantPermissions grants,
        long expiresAtMillis) {}
