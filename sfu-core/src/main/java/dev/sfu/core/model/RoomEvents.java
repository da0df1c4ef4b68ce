package dev.sfu.core.model;

import dev.sfu.core.model.ParticipantSnapshot;
import dev.sfu.core.model.RoomEvents;
import dev.sfu.core.model.RoomSnapshot;
import dev.sfu.core.model.TrackSnapshot;

/**
 * What happens in rooms, for backends (webhooks) and operators. Called on the media event loop: an
 * implementation must only hand the event on, never block. Every method has an empty default.
 */
public interface RoomEvents {
    default void roomStarted(RoomSnapshot room) {}

    /** The room is gone: deleted, closed after its empty timeout, or closed at shutdown. */
    default void roomFinished(String room, String reason) {}

    default void participantJoined(String room, ParticipantSnapshot participant) {}

    /** @param reason null when the participant left on its own, else why it was removed */
    default void participantLeft(String room, ParticipantSnapshot participant, String reason) {}

    default void trackPublished(String room, TrackSnapshot track) {}

    default void trackUnpublished(String room, TrackSnapshot track) {}

    RoomEvents NONE = new RoomEvents() {};
}
