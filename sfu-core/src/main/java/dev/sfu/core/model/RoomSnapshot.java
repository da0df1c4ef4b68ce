package dev.sfu.core.model;

import dev.sfu.core.model.ParticipantSnapshot;
import dev.sfu.core.model.RoomSnapshot;
import java.util.List;

/**
 * A room and everyone in it, copied off the media event loop, with its settings: {@code maxParticipants} is the
 * limit in force, {@code emptyTimeoutSeconds} how long it lives empty. {@code mediaLoop} is the media loop the room
 * runs on and {@code udpPort} that loop's port, the one its participants' answers name ({@code -1} and {@code 0}
 * until the engine fills them in: a room does not know its loop).
 */
public record RoomSnapshot(String name, long createdAtMillis, List<ParticipantSnapshot> participants,
        int maxParticipants, long emptyTimeoutSeconds, String metadata, int mediaLoop, int udpPort) {

    public RoomSnapshot(String name, long createdAtMillis, List<ParticipantSnapshot> participants,
            int maxParticipants, long emptyTimeoutSeconds, String metadata) {
        this(name, createdAtMillis, participants, maxParticipants, emptyTimeoutSeconds, metadata, -1, 0);
    }

    public RoomSnapshot(String name, long createdAtMillis, List<ParticipantSnapshot> participants) {
        this(name, createdAtMillis, participants, 0, 0, "");
    }

    /** This snapshot, placed on media loop {@code loop} listening on {@code port}. */
    public RoomSnapshot onMediaLoop(int loop, int port) {
        return new RoomSnapshot(name, createdAtMillis, participants, maxParticipants, emptyTimeoutSeconds, metadata,
                loop, port);
    }
}
