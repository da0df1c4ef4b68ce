package dev.sfu.core.room;

import dev.sfu.core.dtls.DtlsCertificate;
import dev.sfu.core.log.MediaLog;
import dev.sfu.core.model.CloseCodes;
import dev.sfu.core.model.JoinOptions;
import dev.sfu.core.model.MediaConfig;
import dev.sfu.core.model.ParticipantObserver;
import dev.sfu.core.model.RoomEvents;
import dev.sfu.core.model.RoomSettings;
import dev.sfu.core.model.SfuException;
import dev.sfu.core.sdp.Offer;
import dev.sfu.core.sdp.OfferedMedia;
import dev.sfu.core.sdp.SdpException;
import dev.sfu.core.transport.ParticipantTransport;
import dev.sfu.core.transport.UdpMediaSocket;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is in the rooms of one media loop: joins (the room's limit, one seat per identity), offers (the token's
 * grants, the track limit, then {@link SessionNegotiator}), and departures (leave, drop, kick, deletion), each
 * taking down what the participant owns and telling the others. Rooms themselves (open, close, settings) are
 * {@link RoomRegistry}'s, reached through {@link Rooms}.
 *
 * <p>Confined to the media socket's event loop.
 */
final class Membership {
    /** Logged as the registry, as before the split (operators filter on it). */
    private static final Logger log = LoggerFactory.getLogger(RoomRegistry.class);

    /** The room side membership needs: the registry implements it. */
    interface Rooms {
        /** The room of that name on this loop, or null. */
        Room find(String name);

        /** Opens a room (counted against the shared room limit; refused while draining). */
        Room open(String name, RoomSettings settings);

        /** Closes a room (its last participant left and it has no empty timeout). */
        void close(Room room, String why);

        /** Rooms or participants were added or removed: the counts other threads read change. */
        void countsChanged();

        RoomEvents events();
    }

    private final MediaConfig config;
    private final UdpMediaSocket socket;
    private final DtlsCertificate certificate;
    private final Executor handshakeExecutor;
    private final RoomAdmission admission;
    private final RoomContext context;
    private final SessionNegotiator negotiator;
    private final ParticipantListener participantListener;
    private final Rooms rooms;

    Membership(MediaConfig config, UdpMediaSocket socket, DtlsCertificate certificate, Executor handshakeExecutor,
            RoomAdmission admission, RoomContext context, ParticipantListener participantListener, Rooms rooms) {
        this.config = config;
        this.socket = socket;
        this.certificate = certificate;
        this.handshakeExecutor = handshakeExecutor;
        this.admission = admission;
        this.context = context;
        this.negotiator = new SessionNegotiator(certificate, config.announcedAddress(),
                socket.localAddress().getPort(), config.dataLimits());
        this.participantListener = participantListener;
        this.rooms = rooms;
    }

    /**
     * Adds a participant to a room, creating the room with {@code options.createRoomWith()} if it does not exist
     * (refused when that is null, or while draining).
     */
    Participant join(String roomName, String displayName, ParticipantObserver observer, JoinOptions options) {
        Room room = rooms.find(roomName);
        if (room == null) {
            if (options.createRoomWith() == null) {
                throw new SfuException("room_not_found", "no room named '" + roomName + "'");
            }
            room = rooms.open(roomName, options.createRoomWith());
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
        participant.profile().apply(options);
        room.add(participant);
        room.markOccupied();
        rooms.countsChanged();
        MediaLog.info(log, roomName, id, "participant joined as {}", displayName);
        rooms.events().participantJoined(roomName, Snapshots.participant(participant));
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
            if (identity.equals(existing.profile().identity())) {
                remove(existing, CloseCodes.DUPLICATE_IDENTITY, "another session joined as the same identity", true);
            }
        }
    }

    /** Applies a client's offer and returns the answer. */
    String offer(Participant participant, String sdp, Map<String, String> subscriptions) {
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
        participant.negotiation().answered(config.clock().nanos());
        return answer;
    }

    /** Removes a participant and everything it owns; the others hear it left. Idempotent. */
    void leave(Participant participant) {
        remove(participant, null, null);
    }

    /** Removes a participant the media plane gave up on, telling its own session why. */
    void drop(Participant participant, String reason) {
        if (reason.startsWith("dtls")) {
            context.counters().countDtlsFailure();
        }
        remove(participant, CloseCodes.CONNECTION_LOST, reason);
    }

    /** Removes a participant, telling its own session why ({@code code} from {@link CloseCodes}). */
    void remove(Participant participant, String code, String reason) {
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
            NegotiatedTracks.unpublish(participant, publication);
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
        rooms.events().participantLeft(room.name(), Snapshots.participant(participant), reason);
        if (room.size() == 0) {
            if (room.emptyTimeout().isZero() && !rejoining) {
                rooms.close(room, "empty");
            } else {
                room.markEmpty(config.clock().nanos());
            }
        }
        rooms.countsChanged();
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
}
