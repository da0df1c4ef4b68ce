package dev.sfu.core.room;

import dev.sfu.core.log.MediaLog;
import dev.sfu.core.model.DataCounters;
import dev.sfu.core.model.MediaConfig;
import dev.sfu.core.model.RoomEvents;
import dev.sfu.core.model.RoomSettings;
import dev.sfu.core.model.SfuException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms of one media loop, behind {@link RoomRegistry}'s public API: their lifecycle (opened on a first join or
 * by the backend, against the shared {@link RoomAdmission}; closed when deleted, empty past their timeout, or empty
 * while draining), the lookups room control needs, where room events go, and the counts other threads read.
 * {@link Membership} reaches it as its {@link Membership.Rooms}.
 *
 * <p>Confined to the loop; the counts are volatile copies for readers on other threads (metrics).
 */
final class RoomTable implements Membership.Rooms {
    /** The registry's logger: room lifecycle lines read as they did before the split. */
    private static final Logger log = LoggerFactory.getLogger(RoomRegistry.class);

    private final MediaConfig config;
    private final DataCounters dataCounters;
    private final RoomAdmission admission;
    private final Consumer<String> roomClosed;
    private final Map<String, Room> rooms = new LinkedHashMap<>();
    private RoomEvents events = RoomEvents.NONE;
    private volatile int roomCount;
    private volatile int participantCount;
    private volatile int trackCount;

    /** @param roomClosed told (on this loop) the name of every room closed here */
    RoomTable(MediaConfig config, RoomAdmission admission, DataCounters dataCounters, Consumer<String> roomClosed) {
        this.config = config;
        this.dataCounters = dataCounters;
        this.admission = admission;
        this.roomClosed = roomClosed;
    }

    /** The rooms, in creation order (live view). */
    Collection<Room> all() {
        return rooms.values();
    }

    @Override
    public Room find(String name) {
        return rooms.get(name);
    }

    /** The room of that name; {@code room_not_found} when there is none. */
    Room existing(String name) {
        Room room = rooms.get(name);
        if (room == null) {
            throw new SfuException("room_not_found", "no room named '" + name + "'");
        }
        return room;
    }

    /** The participant of that id in that room; {@code room_not_found} or {@code participant_not_found}. */
    Participant existingParticipant(String roomName, String participantId) {
        Participant participant = existing(roomName).participant(participantId);
        if (participant == null) {
            throw new SfuException("participant_not_found", "no participant '" + participantId + "' in room '"
                    + roomName + "'");
        }
        return participant;
    }

    /** Creates an empty room; it closes after its empty timeout unless someone joins. */
    Room create(String name, RoomSettings settings) {
        if (rooms.containsKey(name)) {
            throw new SfuException("room_exists", "a room named '" + name + "' exists");
        }
        Room room = open(name, settings);
        room.markEmpty(config.clock().nanos());
        countsChanged();
        return room;
    }

    @Override
    public Room open(String name, RoomSettings settings) {
        admission.admitRoom();
        Room room = new Room(name, this, dataCounters);
        room.applySettings(settings);
        rooms.put(name, room);
        MediaLog.info(log, name, null, "room created");
        events.roomStarted(room.snapshot());
        return room;
    }

    @Override
    public void close(Room room, String why) {
        if (rooms.remove(room.name(), room)) {
            admission.roomClosed();
            roomClosed.accept(room.name());
            MediaLog.info(log, room.name(), null, "room closed ({})", why);
            events.roomFinished(room.name(), why);
        }
    }

    @Override
    public void countsChanged() {
        int participants = 0;
        for (Room room : rooms.values()) {
            participants += room.size();
        }
        participantCount = participants;
        roomCount = rooms.size();
    }

    @Override
    public RoomEvents events() {
        return events;
    }

    void events(RoomEvents listener) {
        events = listener == null ? RoomEvents.NONE : listener;
    }

    /** A room's participant limit when its settings give none. */
    int defaultMaxParticipants() {
        return config.maxParticipantsPerRoom();
    }

    int roomCount() {
        return roomCount;
    }

    int participantCount() {
        return participantCount;
    }

    /** Published tracks in all rooms, as of the last {@link #housekeeping}. */
    int trackCount() {
        return trackCount;
    }

    /** Closes rooms empty for longer than their timeout (or empty while draining) and refreshes the counts. */
    void housekeeping() {
        long now = config.clock().nanos();
        int tracks = 0;
        for (Room room : new ArrayList<>(rooms.values())) {
            if (room.emptyTimedOut(now)) {
                close(room, "empty for " + room.emptyTimeout().toSeconds() + " s");
                continue;
            }
            if (admission.draining() && room.size() == 0) {
                close(room, "empty while draining");
                continue;
            }
            for (Participant participant : room.participants()) {
                tracks += participant.publications().size();
            }
        }
        trackCount = tracks;
        countsChanged();
    }
}
