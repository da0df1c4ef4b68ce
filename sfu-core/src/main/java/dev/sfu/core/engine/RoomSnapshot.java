package dev.sfu.core.engine;

import java.util.List;

/**
 * A room and everyone in it, copied off the media event loop, with its settings: {@code maxParticipants} is the
 * limit in force, {@code emptyTimeoutSeconds} how long it lives empty.
 */
public record RoomSnapshot(String name, long createdAtMillis, List<ParticipantSnapshot> participants,
        int maxParticipants, long emptyTimeoutSeconds, String metadata) {

    public RoomSnapshot(String name, long createdAtMillis, List<ParticipantSnapshot> participants) {
        this(name, createdAtMillis, participants, 0, 0, "");
    }
}
