package dev.sfu.core.room;

import dev.sfu.core.model.JoinOptions;
import dev.sfu.core.model.ParticipantPermissions;

/**
 * What the backend said about a participant ({@link JoinOptions} from its join token, then room control): the
 * user's identity, the metadata the backend attached, and what it may do. Confined to the room's event loop.
 */
final class ParticipantProfile {
    private String identity = "";
    private String metadata = "";
    private ParticipantPermissions permissions = ParticipantPermissions.all();

    void apply(JoinOptions options) {
        identity = options.identity();
        metadata = options.metadata();
        permissions = options.permissions();
    }

    /** The backend's id of the user (the join token's subject); empty when it joined without one. */
    String identity() {
        return identity;
    }

    String metadata() {
        return metadata;
    }

    void metadata(String value) {
        metadata = value == null ? "" : value;
    }

    ParticipantPermissions permissions() {
        return permissions;
    }
}
