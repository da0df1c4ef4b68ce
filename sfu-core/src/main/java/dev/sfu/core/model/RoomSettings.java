package dev.sfu.core.model;

import dev.sfu.core.model.MediaConfig;
import dev.sfu.core.model.RoomSettings;
import java.time.Duration;

/**
 * What a backend may set on a room.
 *
 * @param maxParticipants participants the room admits; 0 means the server's limit ({@link MediaConfig})
 * @param emptyTimeout how long the room lives without participants (from its creation or its last leave);
 *     zero closes it as soon as the last participant leaves
 * @param metadata opaque text the backend attaches to the room (shown in snapshots), never null
 */
public record RoomSettings(int maxParticipants, Duration emptyTimeout, String metadata) {
    public RoomSettings {
        if (maxParticipants < 0) {
            throw new IllegalArgumentException("maxParticipants must not be negative");
        }
        emptyTimeout = emptyTimeout == null ? Duration.ZERO : emptyTimeout;
        if (emptyTimeout.isNegative()) {
            throw new IllegalArgumentException("emptyTimeout must not be negative");
        }
        metadata = metadata == null ? "" : metadata;
    }

    /** The server's participant limit, closed when empty, no metadata. */
    public static RoomSettings defaults() {
        return new RoomSettings(0, Duration.ZERO, "");
    }
}
