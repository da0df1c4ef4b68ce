package dev.sfu.core.model;

import dev.sfu.core.model.JoinOptions;
import dev.sfu.core.model.ParticipantPermissions;
import dev.sfu.core.model.RoomSettings;

/**
 * How a participant joins beyond its room and name.
 *
 * @param identity the backend's stable id of the user (the join token's subject); may be empty
 * @param metadata opaque text the backend attached to the participant, never null
 * @param permissions what the participant may do
 * @param createRoomWith the settings of the room if this join creates it; null: only existing rooms may be
 *     joined ({@code room_not_found} otherwise)
 */
public record JoinOptions(String identity, String metadata, ParticipantPermissions permissions,
        RoomSettings createRoomWith) {
    public JoinOptions {
        identity = identity == null ? "" : identity;
        metadata = metadata == null ? "" : metadata;
        permissions = permissions == null ? ParticipantPermissions.all() : permissions;
    }

    /** No identity, no metadata, every permission, the room created on first join and closed when empty. */
    public static JoinOptions defaults() {
        return new JoinOptions("", "", ParticipantPermissions.all(), RoomSettings.defaults());
    }
}
