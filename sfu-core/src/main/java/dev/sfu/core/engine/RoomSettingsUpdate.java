package dev.sfu.core.engine;

import java.time.Duration;

/** A partial change of {@link RoomSettings}: each null field is left as it is. */
public record RoomSettingsUpdate(Integer maxParticipants, Duration emptyTimeout, String metadata) {}
