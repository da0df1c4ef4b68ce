package dev.sfu.core.room;

import dev.sfu.core.dtls.DtlsCertificate;
import dev.sfu.core.log.MediaLog;
import dev.sfu.core.model.CloseCodes;
import dev.sfu.core.model.JoinOptions;
import dev.sfu.core.model.MediaConfig;
import dev.sfu.core.model.MediaCounters;
import dev.sfu.core.model.ParticipantObserver;
import dev.sfu.core.model.ParticipantSnapshot;
import dev.sfu.core.model.ParticipantStats;
import dev.sfu.core.model.RoomEvents;
import dev.sfu.core.model.RoomSettings;
import dev.sfu.core.model.RoomSettingsUpdate;
import dev.sfu.core.model.RoomSnapshot;
import dev.sfu.core.model.SfuException;
import dev.sfu.core.model.TrackSnapshot;
import dev.sfu.core.stats.NtpClock;
import dev.sfu.core.transport.UdpMediaSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms of one media loop and the way in for the control plane: rooms are created on first join (or by the
 * backend) and closed when empty past their timeout; their settings, kicks, mutes and metadata go through here.
 * This class is the public API the engine calls; the work is done by its parts: {@link RoomTable} (the rooms, their
 * lifecycle, lookups, events and counts), {@link Membership} (joins, offers, departures), {@link LoopTimers} (the
 * loop's periodic work: ICE consent, RTCP reports, layer allocation, upstream NACKs), and the {@link RoomContext}
 * every routing object of the loop is built with. It is the participants' parent: their {@link ParticipantListener}.
 *
 * <p>Confined to the media socket's event loop; {@link dev.sfu.core.engine.SfuEngine} enters it with
 * {@code execute}. With several loops each has its own registry; what they must agree on (the room limit,
 * draining) is the shared {@link RoomAdmission}, and which loop a room lives on is the engine's business: it
 * hears of every closed room through {@code roomClosed}.
 */
public final class RoomRegistry {
    private static final Logger log = LoggerFactory.getLogger(RoomRegistry.class);

    private final RoomTable rooms;
    private final RoomAdmission admission;
    private final MediaCounters counters;
    /** The participants' way up: layer changes re-allocate their room's receivers, a failed transport drops them. */
    private final ParticipantListener participantListener = new ParticipantListener() {
        @Override
        public void layersChanged(Participant publisher) {
            for (Participant receiver : publisher.room().participants()) {
                if (receiver != publisher) {
                    receiver.allocateLayers();
                }
            }
        }

        @Override
        public void transportFailed(Participant participant, String reason) {
            membership.drop(participant, reason);
        }
    };
    private final Membership membership;

    /**
     * @param admission the room limit and drain state shared by every loop's registry
     * @param counters the media counters shared by every loop's registry
     * @param roomClosed told (on this loop) the name of every room this registry closes
     */
    public RoomRegistry(MediaConfig config, UdpMediaSocket socket, DtlsCertificate certificate,
            Executor handshakeExecutor, RoomAdmission admission, MediaCounters counters, Consumer<String> roomClosed) {
        this.admission = admission;
        this.counters = counters;
        this.rooms = new RoomTable(config, admission, counters.data(), roomClosed);
        // What every routing object of this loop shares (clock, counters, timer, allocator, settings).
        RoomContext context = new RoomContext(config.clock(), NtpClock.system(config.clock()), counters, socket.drops(),
                RoomContext.of(socket.eventLoop()), socket.alloc(), config.keyframeCacheMaxAge().toNanos());
        this.membership = new Membership(config, socket, certificate, handshakeExecutor, admission, context,
                participantListener, rooms);
        new LoopTimers(config, rooms.all(), new LoopTimers.Owner() {
            @Override
            public void housekeeping() {
                rooms.housekeeping();
            }

            @Override
            public void connectionLost(Participant participant, String reason) {
                membership.drop(participant, reason);
            }
        }).start(socket.eventLoop());
    }

    /** Adds a participant to a room, creating the room if needed. Event loop only. */
    public Participant join(String roomName, String displayName, ParticipantObserver observer) {
        return join(roomName, displayName, observer, JoinOptions.defaults());
    }

    /**
     * Adds a participant to a room, creating the room with {@code options.createRoomWith()} if it does not exist
     * (refused when that is null, or while draining). Event loop only.
     */
    public Participant join(String roomName, String displayName, ParticipantObserver observer, JoinOptions options) {
        return membership.join(roomName, displayName, observer, options);
    }

    /** Applies a client's offer and returns the answer. Event loop only. */
    public String offer(Participant participant, String sdp, Map<String, String> subscriptions) {
        return membership.offer(participant, sdp, subscriptions);
    }

    /** Removes a participant and everything it owns; the others hear it left. Idempotent. */
    public void leave(Participant participant) {
        membership.leave(participant);
    }

    public List<RoomSnapshot> snapshots() {
        List<RoomSnapshot> result = new ArrayList<>();
        for (Room room : rooms.all()) {
            result.add(room.snapshot());
        }
        return result;
    }

    public Optional<RoomSnapshot> snapshot(String roomName) {
        Room room = rooms.find(roomName);
        return room == null ? Optional.empty() : Optional.of(room.snapshot());
    }

    public List<dev.sfu.core.model.ParticipantSnapshot> othersIn(Participant participant) {
        return participant.room().snapshotsExcept(participant);
    }

    /** Rooms now; any thread. */
    public int roomCount() {
        return rooms.roomCount();
    }

    /** Participants in all rooms now; any thread. */
    public int participantCount() {
        return rooms.participantCount();
    }

    /** Removes everyone and closes every room, e.g. at shutdown. */
    public void closeAll(String reason) {
        for (Room room : new ArrayList<>(rooms.all())) {
            for (Participant participant : new ArrayList<>(room.participants())) {
                membership.remove(participant, CloseCodes.SERVER_SHUTDOWN, reason);
            }
            if (rooms.find(room.name()) == room) {
                rooms.close(room, "server shutting down");
            }
        }
        rooms.countsChanged();
    }

    /** Applies a receiver's wishes for one track it receives. Event loop only. */
    public void setPreferences(Participant participant, String trackId, dev.sfu.core.model.TrackPreferences prefs) {
        Subscription subscription = participant.subscriptionByTrack(trackId);
        if (subscription == null) {
            throw new SfuException("unknown_track", "not subscribed to track " + trackId);
        }
        subscription.setPreferences(prefs);
        participant.allocateLayers();
    }

    // ---- room control for backends: settings, kick, mute, metadata, events, drain ----

    public MediaCounters counters() {
        return counters;
    }

    /** Where room events go (webhooks). Event loop only. */
    public void events(RoomEvents listener) {
        rooms.events(listener);
    }

    /** Creates an empty room; it closes after its empty timeout unless someone joins. Event loop only. */
    public RoomSnapshot createRoom(String name, RoomSettings settings) {
        return rooms.create(name, settings).snapshot();
    }

    public RoomSnapshot updateRoom(String name, RoomSettingsUpdate update) {
        Room room = rooms.existing(name);
        room.applyUpdate(update);
        if (room.size() == 0 && room.emptyTimeout().isZero()) {
            rooms.close(room, "empty");
            rooms.countsChanged();
        }
        return room.snapshot();
    }

    /** Removes everyone in the room (their sessions hear {@code room_deleted}) and closes it. */
    public void deleteRoom(String name) {
        Room room = rooms.existing(name);
        for (Participant participant : new ArrayList<>(room.participants())) {
            membership.remove(participant, CloseCodes.ROOM_DELETED, "the room was deleted");
        }
        rooms.close(room, "deleted");
        rooms.countsChanged();
    }

    /**
     * Sends a data message from the backend into a room (every participant, or the named ones) on their reliable
     * or lossy channel; returns how many took it.
     */
    public int sendData(String roomName, List<String> to, String topic, boolean reliable, byte[] payload) {
        return rooms.existing(roomName).data().publish(to, topic, reliable, payload);
    }

    public ParticipantSnapshot participant(String roomName, String participantId) {
        return Snapshots.participant(rooms.existingParticipant(roomName, participantId));
    }

    /** One participant's per-stream statistics. */
    public ParticipantStats participantStats(String roomName, String participantId) {
        return rooms.existingParticipant(roomName, participantId).stats();
    }

    /** Removes a participant; its session hears {@code kicked} with the reason. */
    public void kick(String roomName, String participantId, String reason) {
        Participant participant = rooms.existingParticipant(roomName, participantId);
        counters.countKicked();
        membership.remove(participant, CloseCodes.KICKED, reason);
    }

    /** Stops (or resumes) forwarding one published track; the other participants hear {@code trackMuted}. */
    public TrackSnapshot setTrackMuted(String roomName, String participantId, String trackId, boolean muted) {
        Participant participant = rooms.existingParticipant(roomName, participantId);
        Publication publication = participant.room().publicationOf(participant, trackId);
        if (publication == null) {
            throw new SfuException("track_not_found", "participant " + participantId + " publishes no track '"
                    + trackId + "'");
        }
        if (publication.muted() != muted) {
            publication.setMuted(muted);
            participant.room().announceMuted(publication);
            MediaLog.info(log, roomName, participantId, "track {} {} by the server", trackId,
                    muted ? "muted" : "unmuted");
        }
        return Snapshots.track(publication);
    }

    public ParticipantSnapshot setParticipantMetadata(String roomName, String participantId, String metadata) {
        Participant participant = rooms.existingParticipant(roomName, participantId);
        participant.profile().metadata(metadata);
        participant.room().announceUpdated(participant);
        return Snapshots.participant(participant);
    }

    /** From now on no room is created (on any loop); every participant of this loop hears the deadline. */
    public void drain(long deadlineMillis) {
        admission.drain(deadlineMillis);
        for (Room room : rooms.all()) {
            for (Participant participant : room.participants()) {
                participant.observer().draining(deadlineMillis);
            }
        }
    }

    /** Whether the server is draining; any thread. */
    public boolean draining() {
        return admission.draining();
    }

    /** Whether a room of that name lives here. Event loop only. */
    public boolean hasRoom(String name) {
        return rooms.find(name) != null;
    }

    /** Published tracks in all rooms, as of the last one-second tick; any thread. */
    public int trackCount() {
        return rooms.trackCount();
    }
}
