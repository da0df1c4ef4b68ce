package dev.sfu.core.engine;

import java.util.List;

/** A room and everyone in it, copied off the media event loop. */
public record RoomSnapshot(String name, long createdAtMillis, List<ParticipantSnapshot> participants) {}
