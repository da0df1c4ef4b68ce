package dev.sfu.core.model;

import dev.sfu.core.model.CloseCodes;
import dev.sfu.core.model.ParticipantObserver;

/**
 * Stable codes for why the media plane ended a participant's session ({@link ParticipantObserver#closed(String,
 * String)}); clients may branch on them, the reason text is for people.
 */
public final class CloseCodes {
    /** Removed by the backend (REST kick). */
    public static final String KICKED = "kicked";
    /** The room was deleted by the backend. */
    public static final String ROOM_DELETED = "room_deleted";
    /** The server is shutting down (drain deadline passed, or stop). */
    public static final String SERVER_SHUTDOWN = "server_shutdown";
    /** The media connection failed: ICE consent expired, DTLS failed. */
    public static final String CONNECTION_LOST = "connection_lost";

    /**
     * Another session joined the room with the same identity (the join token's subject) and took this one's place,
     * as LiveKit's DUPLICATE_IDENTITY: a user who reconnects replaces the stale session, and one token cannot
     * fill a room.
     */
    public static final String DUPLICATE_IDENTITY = "duplicate_identity";

    private CloseCodes() {}
}
