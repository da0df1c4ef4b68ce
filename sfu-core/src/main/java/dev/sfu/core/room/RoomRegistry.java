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
import dev.sfu.core.sdp.Offer;
import dev.sfu.core.sdp.OfferedMedia;
import dev.sfu.core.sdp.SdpException;
import dev.sfu.core.stats.NtpClock;
import dev.sfu.core.transport.ParticipantTransport;
import dev.sfu.core.transport.UdpMediaSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms of one media loop. Rooms are created on first join and removed when the last participant leaves.
 * A one-second tick checks ICE consent (RFC 7675) and sends every participant its RTCP reports (SR, RR, SDES).
 * Confined to the media socket's event loop; {@link dev.sfu.core.engine.SfuEngine} enters it with
 * {@code execute}. With several loops each has its own registry; what they must agree on (the room limit,
 * draining) is the shared {@link RoomAdmission}, and which loop a room lives on is the engine's business: it
 * hears of every closed room through {@code roomClosed}.
 */
public final class RoomRegistry {
    private static final Logger log = LoggerFactory.getLogger(RoomRegistry.class);

    /** How often missing packets of publishers' video are NACKed (each packet at most once per RTT). */
    static final long FAST_TICK_MILLIS = 20;

    private final MediaConfig config;
    private final UdpMediaSocket socket;
    private final DtlsCertificate certificate;
    private final Executor handshakeExecutor;
    private final SessionNegotiator negotiator;
    private final Map<String, Room> rooms = new LinkedHashMap<>();
    private final RoomAdmission admission;
    private final MediaCounters counters;
    private final Consumer<String> roomClosed;
    /** What every routing object of this loop shares (clock, counters, timer, allocator, settings). */
    private final RoomContext context;
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
            drop(participant, reason);
        }
    };
    /** Copies of the counts for readers on other threads (metrics); written on the loop only. */
    private volatile int roomCount;
    private volatile int participantCount;

    /**
     * @param admission the room limit and drain state shared by every loop's registry
     * @param counters the media counters shared by every loop's registry
     * @param roomClosed told (on this loop) the name of every room this registry closes
     */
    public RoomRegistry(MediaConfig config, UdpMediaSocket socket, DtlsCertificate certificate,
            Executor handshakeExecutor, RoomAdmission admission, MediaCounters counters, Consumer<String> roomClosed) {
        this.config = config;
        this.admission = admission;
        this.counters = counters;
        this.roomClosed = roomClosed;
        this.socket = socket;
        this.certificate = certificate;
        this.handshakeExecutor = handshakeExecutor;
        this.context = new RoomContext(config.clock(), NtpClock.system(config.clock()), counters, socket.drops(),
                RoomContext.of(socket.eventLoop()), socket.alloc(), config.keyframeCacheMaxAge().toNanos());
        this.negotiator = new SessionNegotiator(certificate, config.announcedAddress(), socket.localAddress().getPort(),
                socket.drops());
        socket.eventLoop().scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        // Layers start and stop without a signal (the publisher's encoder decides): re-allocate often.
        socket.eventLoop().scheduleAtFixedRate(this::allocateAll, 500, 500, TimeUnit.MILLISECONDS);
        // One 20 ms tick for the media plane's paced work: upstream NACKs (within ~20 ms of the reorder window,
        // retries spaced by the RTT), probe padding in 20 ms slices, transport-cc feedback to publishers every 60 ms.
        socket.eventLoop().scheduleAtFixedRate(this::fastTick, FAST_TICK_MILLIS, FAST_TICK_MILLIS,
                TimeUnit.MILLISECONDS);
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
        Room room = rooms.get(roomName);
        if (room == null) {
            if (options.createRoomWith() == null) {
                throw new SfuException("room_not_found", "no room named '" + roomName + "'");
            }
            room = openRoom(roomName, options.createRoomWith());
        }
        replaceSameIdentity(room, options.identity());
        int limit = room.maxParticipants(config.maxParticipantsPerRoom());
        if (room.size() >= limit) {
            throw new SfuException("room_full", "room " + roomName + " is full (" + limit + " participants)");
        }
        String id = "PA_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Participant participant = new Participant(id, displayName, room, observer, context, participantListener);
        participant.attachTransport(new ParticipantTransport(id, socket, certificate, handshakeExecutor,
                config.clock(), config.consentTimeout(), participant));
        participant.applyJoinOptions(options);
        room.add(participant);
        room.markOccupied();
        updateCounts();
        MediaLog.info(log, roomName, id, "participant joined as {}", displayName);
        events.participantJoined(roomName, participant.snapshot());
        if (admission.draining()) {
            observer.draining(admission.drainDeadlineMillis());
        }
        return participant;
    }

    /**
     * A join with the identity of someone in the room takes its place: the earlier session hears
     * {@code duplicate_identity} and leaves first. A user whose old tab or dead connection lingers gets back in at
     * once, and one token (one identity) holds one seat however often it is used. Joins without an identity
     * (development mode without a token) are never matched.
     */
    private void replaceSameIdentity(Room room, String identity) {
        if (identity.isEmpty()) {
            return;
        }
        for (Participant existing : new ArrayList<>(room.participants())) {
            if (identity.equals(existing.identity())) {
                remove(existing, CloseCodes.DUPLICATE_IDENTITY, "another session joined as the same identity", true);
            }
        }
    }

    /** Applies a client's offer and returns the answer. Event loop only. */
    public String offer(Participant participant, String sdp, Map<String, String> subscriptions) {
        if (participant.hasLeft()) {
            throw new SfuException("not_joined", "the participant has left");
        }
        Offer offer;
        try {
            offer = Offer.parse(sdp);
        } catch (SdpException e) {
            throw SfuException.invalidSdp(e.getMessage(), e);
        }
        checkPermissions(participant, offer, subscriptions);
        checkTrackCount(offer);
        String answer = negotiator.negotiate(participant, offer, subscriptions);
        participant.answered(config.clock().nanos());
        return answer;
    }

    /** Removes a participant and everything it owns; the others hear it left. Idempotent. */
    public void leave(Participant participant) {
        remove(participant, null);
    }

    /** Removes a participant the media plane gave up on, telling its own session why. */
    void drop(Participant participant, String reason) {
        if (reason.startsWith("dtls")) {
            counters.countDtlsFailure();
        }
        remove(participant, CloseCodes.CONNECTION_LOST, reason);
    }

    private void remove(Participant participant, String reason) {
        remove(participant, null, reason);
    }

    private void remove(Participant participant, String code, String reason) {
        remove(participant, code, reason, false);
    }

    /** @param rejoining a join into the same room follows at once: an empty room stays open for it */
    private void remove(Participant participant, String code, String reason, boolean rejoining) {
        if (participant.hasLeft()) {
            return;
        }
        participant.markLeft();
        Room room = participant.room();
        for (Publication publication : new ArrayList<>(participant.publications())) {
            negotiator.unpublish(participant, publication);
        }
        for (Subscription subscription : new ArrayList<>(participant.subscriptions())) {
            subscription.publication().removeSubscription(subscription);
            participant.removeSubscription(subscription);
        }
        participant.transport().close();
        room.remove(participant);
        if (reason != null) {
            MediaLog.info(log, room.name(), participant.id(), "participant dropped: {}", reason);
            participant.observer().closed(code, reason);
        } else {
            MediaLog.info(log, room.name(), participant.id(), "participant left");
        }
        events.participantLeft(room.name(), participant.snapshot(), reason);
        if (room.size() == 0) {
            if (room.emptyTimeout().isZero() && !rejoining) {
                closeRoom(room, "empty");
            } else {
                room.markEmpty(config.clock().nanos());
            }
        }
        updateCounts();
    }

    public List<RoomSnapshot> snapshots() {
        List<RoomSnapshot> result = new ArrayList<>();
        for (Room room : rooms.values()) {
            result.add(room.snapshot());
        }
        return result;
    }

    public Optional<RoomSnapshot> snapshot(String roomName) {
        Room room = rooms.get(roomName);
        return room == null ? Optional.empty() : Optional.of(room.snapshot());
    }

    public List<dev.sfu.core.model.ParticipantSnapshot> othersIn(Participant participant) {
        return participant.room().snapshotsExcept(participant);
    }

    private void updateCounts() {
        int participants = 0;
        for (Room room : rooms.values()) {
            participants += room.size();
        }
        participantCount = participants;
        roomCount = rooms.size();
    }

    /** Rooms now; any thread. */
    public int roomCount() {
        return roomCount;
    }

    /** Participants in all rooms now; any thread. */
    public int participantCount() {
        return participantCount;
    }

    /** Removes everyone and closes every room, e.g. at shutdown. */
    public void closeAll(String reason) {
        for (Room room : new ArrayList<>(rooms.values())) {
            for (Participant participant : new ArrayList<>(room.participants())) {
                remove(participant, CloseCodes.SERVER_SHUTDOWN, reason);
            }
            if (rooms.get(room.name()) == room) {
                closeRoom(room, "server shutting down");
            }
        }
        updateCounts();
    }

    private void allocateAll() {
        for (Room room : rooms.values()) {
            for (Participant participant : room.participants()) {
                participant.allocateLayers();
            }
        }
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

    private int fastTicks;

    private void fastTick() {
        boolean feedback = ++fastTicks % 3 == 0;
        for (Room room : rooms.values()) {
            for (Participant participant : room.participants()) {
                participant.requestRepairs();
                if (feedback) {
                    participant.sendTransportFeedback();
                }
                participant.sendProbePadding();
            }
        }
    }

    private void tick() {
        housekeeping();
        for (Room room : new ArrayList<>(rooms.values())) {
            for (Participant participant : new ArrayList<>(room.participants())) {
                if (connectionLost(participant)) {
                    drop(participant, participant.transport().everChecked()
                            ? "ice consent expired: no connectivity checks or media for "
                                    + config.consentTimeout().toSeconds() + " s"
                            : "ice never connected: no connectivity check within " + config.consentTimeout().toSeconds()
                                    + " s of the answer");
                } else {
                    participant.expireRetransmissions();
                    participant.sendReports(config.publisherBitrateHintBps());
                }
            }
        }
    }

    /**
     * Whether an answered participant lost (or never got) ICE: no authenticated check for the consent timeout,
     * counted from the first answer at the earliest. Consent is measured from the transport's creation at join,
     * so without that floor a participant that first offers later than the timeout (a viewer waiting in an empty
     * room) would be dropped at the next tick, before its checks could arrive. A participant that never offers is
     * not judged here: it has no media path to lose, and its signaling keepalive removes it once it is gone.
     */
    private boolean connectionLost(Participant participant) {
        return participant.firstAnswerNanos() != Long.MIN_VALUE && participant.transport().consentExpired()
                && config.clock().nanos() - participant.firstAnswerNanos() >= config.consentTimeout().toNanos();
    }

    // ---- room control for backends: settings, kick, mute, metadata, events, drain ----

    private RoomEvents events = RoomEvents.NONE;
    private volatile int trackCount;

    public MediaCounters counters() {
        return counters;
    }

    RoomEvents events() {
        return events;
    }

    /** Where room events go (webhooks). Event loop only. */
    public void events(RoomEvents listener) {
        events = listener == null ? RoomEvents.NONE : listener;
    }

    int defaultMaxParticipants() {
        return config.maxParticipantsPerRoom();
    }

    /** Creates an empty room; it closes after its empty timeout unless someone joins. Event loop only. */
    public RoomSnapshot createRoom(String name, RoomSettings settings) {
        if (rooms.containsKey(name)) {
            throw new SfuException("room_exists", "a room named '" + name + "' exists");
        }
        Room room = openRoom(name, settings);
        room.markEmpty(config.clock().nanos());
        updateCounts();
        return room.snapshot();
    }

    private Room openRoom(String name, RoomSettings settings) {
        admission.admitRoom();
        Room room = new Room(name, this);
        room.applySettings(settings);
        rooms.put(name, room);
        MediaLog.info(log, name, null, "room created");
        events.roomStarted(room.snapshot());
        return room;
    }

    private void closeRoom(Room room, String why) {
        if (rooms.remove(room.name(), room)) {
            admission.roomClosed();
            roomClosed.accept(room.name());
            MediaLog.info(log, room.name(), null, "room closed ({})", why);
            events.roomFinished(room.name(), why);
        }
    }

    public RoomSnapshot updateRoom(String name, RoomSettingsUpdate update) {
        Room room = existingRoom(name);
        room.applyUpdate(update);
        if (room.size() == 0 && room.emptyTimeout().isZero()) {
            closeRoom(room, "empty");
            updateCounts();
        }
        return room.snapshot();
    }

    /** Removes everyone in the room (their sessions hear {@code room_deleted}) and closes it. */
    public void deleteRoom(String name) {
        Room room = existingRoom(name);
        for (Participant participant : new ArrayList<>(room.participants())) {
            remove(participant, CloseCodes.ROOM_DELETED, "the room was deleted");
        }
        closeRoom(room, "deleted");
        updateCounts();
    }

    public ParticipantSnapshot participant(String roomName, String participantId) {
        return existingParticipant(roomName, participantId).snapshot();
    }

    /** One participant's per-stream statistics. */
    public ParticipantStats participantStats(String roomName, String participantId) {
        return existingParticipant(roomName, participantId).stats();
    }

    /** Removes a participant; its session hears {@code kicked} with the reason. */
    public void kick(String roomName, String participantId, String reason) {
        Participant participant = existingParticipant(roomName, participantId);
        counters.countKicked();
        remove(participant, CloseCodes.KICKED, reason);
    }

    /** Stops (or resumes) forwarding one published track; the other participants hear {@code trackMuted}. */
    public TrackSnapshot setTrackMuted(String roomName, String participantId, String trackId, boolean muted) {
        Participant participant = existingParticipant(roomName, participantId);
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
        return publication.snapshot();
    }

    public ParticipantSnapshot setParticipantMetadata(String roomName, String participantId, String metadata) {
        Participant participant = existingParticipant(roomName, participantId);
        participant.setMetadata(metadata);
        participant.room().announceUpdated(participant);
        return participant.snapshot();
    }

    /** From now on no room is created (on any loop); every participant of this loop hears the deadline. */
    public void drain(long deadlineMillis) {
        admission.drain(deadlineMillis);
        for (Room room : rooms.values()) {
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
        return rooms.containsKey(name);
    }

    /** Published tracks in all rooms, as of the last one-second tick; any thread. */
    public int trackCount() {
        return trackCount;
    }

    private Room existingRoom(String name) {
        Room room = rooms.get(name);
        if (room == null) {
            throw new SfuException("room_not_found", "no room named '" + name + "'");
        }
        return room;
    }

    private Participant existingParticipant(String roomName, String participantId) {
        Participant participant = existingRoom(roomName).participant(participantId);
        if (participant == null) {
            throw new SfuException("participant_not_found", "no participant '" + participantId + "' in room '"
                    + roomName + "'");
        }
        return participant;
    }

    /** At most {@code maxTracksPerParticipant} sending audio/video m-lines, checked before anything applies. */
    private void checkTrackCount(Offer offer) {
        int sending = 0;
        for (OfferedMedia media : offer.media()) {
            boolean rtp = "audio".equals(media.kind()) || "video".equals(media.kind());
            if (rtp && !media.rejected() && media.direction().sends()) {
                sending++;
            }
        }
        if (sending > config.maxTracksPerParticipant()) {
            throw new SfuException("too_many_tracks", "the offer sends " + sending + " tracks; at most "
                    + config.maxTracksPerParticipant() + " per participant");
        }
    }

    /** The grants of the participant's token, enforced before anything of the offer applies. */
    private static void checkPermissions(Participant participant, Offer offer, Map<String, String> subscriptions) {
        var permissions = participant.permissions();
        if (!permissions.publish()) {
            for (OfferedMedia media : offer.media()) {
                boolean rtp = "audio".equals(media.kind()) || "video".equals(media.kind());
                if (rtp && !media.rejected() && media.direction().sends()) {
                    throw new SfuException("permission_denied", "this participant may not publish (m-line "
                            + media.mid() + " sends): its token has no publish grant");
                }
            }
        }
        if (!permissions.subscribe() && !subscriptions.isEmpty()) {
            throw new SfuException("permission_denied",
                    "this participant may not subscribe: its token has no subscribe grant");
        }
    }

    /** Closes rooms empty for longer than their timeout and refreshes the track count. */
    private void housekeeping() {
        long now = config.clock().nanos();
        int tracks = 0;
        for (Room room : new ArrayList<>(rooms.values())) {
            if (room.emptyTimedOut(now)) {
                closeRoom(room, "empty for " + room.emptyTimeout().toSeconds() + " s");
                continue;
            }
            if (admission.draining() && room.size() == 0) {
                closeRoom(room, "empty while draining");
                continue;
            }
            for (Participant participant : room.participants()) {
                tracks += participant.publications().size();
            }
        }
        trackCount = tracks;
        updateCounts();
    }
}
