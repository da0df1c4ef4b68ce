package dev.sfu.core.room;

/**
 * What a {@link Participant} tells its parent (the loop's {@link RoomRegistry}) about itself: the upward half of
 * the object model, in place of reaching through the room to the registry. Called on the room's event loop.
 */
interface ParticipantListener {
    /** A layer of something it publishes started (bound its SSRC): its subscribers' allocations may change. */
    void layersChanged(Participant publisher);

    /** Its transport failed (DTLS, or ICE gave up): it is removed, its session told why. */
    void transportFailed(Participant participant, String reason);
}
