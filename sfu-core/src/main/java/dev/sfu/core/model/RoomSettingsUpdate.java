package dev.sfu.core.model;

import dev.sfu.core.model.RoomSettings;
import dev.sfu.core.model.RoomSettingsUpdate;
import java.time.Duration;

/** A partial change of {@link RoomSettings}: each null field is left as it is. */
public record RoomSettingsUpdate(Integer maxParticipants, Duration emptyTimeout, String metadata) {}
