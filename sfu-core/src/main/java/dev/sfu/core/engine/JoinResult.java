package dev.sfu.core.engine;

import dev.sfu.core.model.ParticipantSnapshot;
import java.util.List;

/** The joined participant and everyone who was in the room before it. */
public record JoinResult(ParticipantHandle participant, List<ParticipantSnapshot> others) {}
