package dev.sfu.core.room;

import dev.sfu.core.engine.ParticipantSnapshot;
import dev.sfu.core.engine.RoomSnapshot;
import dev.sfu.core.engine.TrackSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A room: its participants and, through them, every publication and subscription. Media never crosses
 * rooms: a subscription can only be made to a publication of the same room. Confined to the media event
 * loop, so fan-out takes no locks.
 */
public final class Room {
    private final String name;
    private final RoomRegistry registry;
    private final long createdAtMillis = System.currentTimeMillis();
    private final Map<String, Participant> participants = new LinkedHashMap<>();

    Room(String name, RoomRegistry registry) {
        this.name = name;
        this.registry = registry;
    }

    public String name() {
        return name;
    }

    RoomRegistry registry() {
        return registry;
    }

    Collection<Participant> participants() {
        return participants.values();
    }

    int size() {
        return participants.size();
    }

    void add(Participant participant) {
        ParticipantSnapshot joined = participant.snapshot();
        for (Participant other : participants.values()) {
            other.observer().participantJoined(joined);
        }
        participants.put(participant.id(), participant);
    }

    void remove(Participant participant) {
        if (participants.remove(participant.id()) == null) {
            return;
        }
        for (Participant other : participants.values()) {
            other.observer().participantLeft(participant.id());
        }
    }

    /** Finds a publication of this room by track id, or null. */
    Publication publication(String trackId) {
        for (Participant participant : participants.values()) {
            for (Publication publication : participant.publications()) {
                if (publication.id().equals(trackId)) {
                    return publication;
                }
            }
        }
        return null;
    }

    void announcePublished(Publication publication) {
        TrackSnapshot track = publication.snapshot();
        for (Participant other : participants.values()) {
            if (other != publication.owner()) {
                other.observer().trackPublished(track);
            }
        }
    }

    void announceUnpublished(Publication publication) {
        TrackSnapshot track = publication.snapshot();
        for (Participant other : participants.values()) {
            if (other != publication.owner()) {
                other.observer().trackUnpublished(track);
            }
        }
    }

    List<ParticipantSnapshot> snapshotsExcept(Participant excluded) {
        List<ParticipantSnapshot> result = new ArrayList<>();
        for (Participant participant : participants.values()) {
            if (participant != excluded) {
                result.add(participant.snapshot());
            }
        }
        return result;
    }

    RoomSnapshot snapshot() {
        return new RoomSnapshot(name, createdAtMillis, snapshotsExcept(null));
    }
}
