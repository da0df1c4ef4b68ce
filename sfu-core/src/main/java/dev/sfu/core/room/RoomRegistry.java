package dev.sfu.core.room;

import dev.sfu.core.dtls.DtlsCertificate;
import dev.sfu.core.engine.MediaConfig;
import dev.sfu.core.engine.ParticipantObserver;
import dev.sfu.core.engine.RoomSnapshot;
import dev.sfu.core.engine.SfuException;
import dev.sfu.core.sdp.Offer;
import dev.sfu.core.sdp.SdpException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every room of the server. Rooms are created on first join and removed when the last participant leaves.
 * A one-second tick checks ICE consent (RFC 7675) and sends publishers their receiver feedback.
 * Confined to the media socket's event loop; {@link dev.sfu.core.engine.SfuEngine} enters it with
 * {@code execute}.
 */
public final class RoomRegistry {
    private static final Logger log = LoggerFactory.getLogger(RoomRegistry.class);

    private final MediaConfig config;
    private final UdpMediaSocket socket;
    private final DtlsCertificate certificate;
    private final Executor handshakeExecutor;
    private final SessionNegotiator negotiator;
    private final Map<String, Room> rooms = new LinkedHashMap<>();
    /** Copies of the counts for readers on other threads (metrics); written on the loop only. */
    private volatile int roomCount;
    private volatile int participantCount;

    public RoomRegistry(MediaConfig config, UdpMediaSocket socket, DtlsCertificate certificate,
            Executor handshakeExecutor) {
        this.config = config;
        this.socket = socket;
        this.certificate = certificate;
        this.handshakeExecutor = handshakeExecutor;
        this.negotiator = new SessionNegotiator(certificate, config.announcedAddress(), socket.localAddress().getPort(),
                socket.drops());
        socket.eventLoop().scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        // Layers start and stop without a signal (the publisher's encoder decides): re-allocate often.
        socket.eventLoop().scheduleAtFixedRate(this::allocateAll, 500, 500, TimeUnit.MILLISECONDS);
    }

    /** Adds a participant to a room, creating the room if needed. Event loop only. */
    public Participant join(String roomName, String displayName, ParticipantObserver observer) {
        Room room = rooms.get(roomName);
        if (room == null) {
            if (rooms.size() >= config.maxRooms()) {
                throw new SfuException("too_many_rooms", "the server has reached its limit of " + config.maxRooms()
                        + " rooms");
            }
            room = new Room(roomName, this);
            rooms.put(roomName, room);
            log.info("room {} created", roomName);
        }
        if (room.size() >= config.maxParticipantsPerRoom()) {
            throw new SfuException("room_full", "room " + roomName + " is full (" + config.maxParticipantsPerRoom()
                    + " participants)");
        }
        String id = "PA_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Participant participant = new Participant(id, displayName, room, observer, socket.drops());
        participant.attachTransport(new ParticipantTransport(id, socket, certificate, handshakeExecutor,
                config.clock(), config.consentTimeout(), participant));
        room.add(participant);
        updateCounts();
        log.info("room {}: participant {} ({}) joined", roomName, id, displayName);
        return participant;
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
        return negotiator.negotiate(participant, offer, subscriptions);
    }

    /** Removes a participant and everything it owns; the others hear it left. Idempotent. */
    public void leave(Participant participant) {
        remove(participant, null);
    }

    /** Removes a participant the media plane gave up on, telling its own session why. */
    void drop(Participant participant, String reason) {
        remove(participant, reason);
    }

    private void remove(Participant participant, String reason) {
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
            log.info("room {}: participant {} dropped: {}", room.name(), participant.id(), reason);
            participant.observer().closed(reason);
        } else {
            log.info("room {}: participant {} left", room.name(), participant.id());
        }
        if (room.size() == 0) {
            rooms.remove(room.name(), room);
            log.info("room {} closed (empty)", room.name());
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

    public List<dev.sfu.core.engine.ParticipantSnapshot> othersIn(Participant participant) {
        return participant.room().snapshotsExcept(participant);
    }

    /** A publisher's layers changed (one started or stopped): its subscribers' allocations may change. */
    void layersChanged(Participant publisher) {
        for (Participant receiver : publisher.room().participants()) {
            if (receiver != publisher) {
                receiver.allocateLayers();
            }
        }
    }

    dev.sfu.core.time.MonotonicClock clock() {
        return config.clock();
    }

    io.netty.channel.EventLoop eventLoop() {
        return socket.eventLoop();
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

    /** Removes everyone, e.g. at shutdown. */
    public void closeAll(String reason) {
        for (Room room : new ArrayList<>(rooms.values())) {
            for (Participant participant : new ArrayList<>(room.participants())) {
                drop(participant, reason);
            }
        }
    }

    private void allocateAll() {
        for (Room room : rooms.values()) {
            for (Participant participant : room.participants()) {
                participant.allocateLayers();
            }
        }
    }

    /** Applies a receiver's wishes for one track it receives. Event loop only. */
    public void setPreferences(Participant participant, String trackId, dev.sfu.core.engine.TrackPreferences prefs) {
        Subscription subscription = participant.subscriptionByTrack(trackId);
        if (subscription == null) {
            throw new SfuException("unknown_track", "not subscribed to track " + trackId);
        }
        subscription.setPreferences(prefs);
        participant.allocateLayers();
    }

    private void tick() {
        for (Room room : new ArrayList<>(rooms.values())) {
            for (Participant participant : new ArrayList<>(room.participants())) {
                if (participant.negotiated() && participant.transport().consentExpired()) {
                    drop(participant, "ice consent expired: no connectivity checks for "
                            + config.consentTimeout().toSeconds() + " s");
                } else {
                    participant.sendReceiverFeedback(config.publisherBitrateHintBps());
                }
            }
        }
    }
}
