package dev.sfu.core.room;

import dev.sfu.core.model.ParticipantSnapshot;
import dev.sfu.core.model.RoomSettings;
import dev.sfu.core.model.RoomSettingsUpdate;
import dev.sfu.core.model.RoomSnapshot;
import dev.sfu.core.model.TrackSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import dev.sfu.core.model.DataCounters;
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
    private final RoomTable table;
    private final long createdAtMillis = System.currentTimeMillis();
    private final Map<String, Participant> participants = new LinkedHashMap<>();
    private final DataRelay data;

    Room(String name, RoomTable table, DataCounters dataCounters) {
        this.name = name;
        this.table = table;
        this.data = new DataRelay(this, dataCounters);
    }

    /** Where the room's data channel messages go through. */
    DataRelay data() {
        return data;
    }

    public String name() {
        return name;
    }

    Collection<Participant> participants() {
        return participants.values();
    }

    int size() {
        return participants.size();
    }

    void add(Participant participant) {
        ParticipantSnapshot joined = Snapshots.participant(participant);
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
            if (other.data() != null) {
                other.data().receiverState().forget(participant.id());
            }
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
        TrackSnapshot track = Snapshots.track(publication);
        table.events().trackPublished(name, track);
        for (Participant other : participants.values()) {
            if (other != publication.owner()) {
                other.observer().trackPublished(track);
            }
        }
    }

    void announceUnpublished(Publication publication) {
        TrackSnapshot track = Snapshots.track(publication);
        table.events().trackUnpublished(name, track);
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
                result.add(Snapshots.participant(participant));
            }
        }
        return result;
    }

    RoomSnapshot snapshot() {
        return new RoomSnapshot(name, createdAtMillis, snapshotsExcept(null),
                maxParticipants(table.defaultMaxParticipants()), emptyTimeout.toSeconds(), metadata);
    }

    // ---- settings the backend controls (RoomSettings), and the empty timeout ----

    private int maxParticipants;
    private Duration emptyTimeout = Duration.ZERO;
    private String metadata = "";
    /** When the room last became empty (or was created), on the registry's clock; -1 while occupied. */
    private long emptySinceNanos = -1;

    void applySettings(RoomSettings settings) {
        maxParticipants = settings.maxParticipants();
        emptyTimeout = settings.emptyTimeout();
        metadata = settings.metadata();
    }

    void applyUpdate(RoomSettingsUpdate update) {
        if (update.maxParticipants() != null) {
            maxParticipants = update.maxParticipants();
        }
        if (update.emptyTimeout() != null) {
            emptyTimeout = update.emptyTimeout();
        }
        if (update.metadata() != null) {
            metadata = update.metadata();
        }
    }

    /** The participant limit in force: the room's own, capped by the server's. */
    int maxParticipants(int serverLimit) {
        return maxParticipants == 0 ? serverLimit : Math.min(maxParticipants, serverLimit);
    }

    Duration emptyTimeout() {
        return emptyTimeout;
    }

    void markEmpty(long nowNanos) {
        emptySinceNanos = nowNanos;
    }

    void markOccupied() {
        emptySinceNanos = -1;
    }

    /** Whether the room has been empty for longer than its empty timeout. */
    boolean emptyTimedOut(long nowNanos) {
        return participants.isEmpty() && emptySinceNanos >= 0 && nowNanos - emptySinceNanos >= emptyTimeout.toNanos();
    }

    Publication publicationOf(Participant participant, String trackId) {
        for (Publication publication : participant.publications()) {
            if (publication.id().equals(trackId)) {
                return publication;
            }
        }
        return null;
    }

    Participant participant(String participantId) {
        return participants.get(participantId);
    }

    void announceMuted(Publication publication) {
        TrackSnapshot track = Snapshots.track(publication);
        for (Participant other : participants.values()) {
            if (other != publication.owner()) {
                other.observer().trackMuted(track);
            }
        }
    }

    void announceUpdated(Participant participant) {
        ParticipantSnapshot updated = Snapshots.participant(participant);
        for (Participant other : participants.values()) {
            other.observer().participantUpdated(updated);
        }
    }
}
