package dev.sfu.core.model;

import dev.sfu.core.model.CloseCodes;
import dev.sfu.core.model.ParticipantObserver;
import dev.sfu.core.model.ParticipantSnapshot;
import dev.sfu.core.model.TrackSnapshot;
import dev.sfu.core.model.UnsupportedTrack;

/**
 * What a participant's signaling session hears about its room. Called on the media event loop: an
 * implementation must only hand the event on (e.g. to its own thread or context), never block.
 */
public interface ParticipantObserver {
    void participantJoined(ParticipantSnapshot participant);

    void participantLeft(String participantId);

    void trackPublished(TrackSnapshot track);

    void trackUnpublished(TrackSnapshot track);

    /** The media plane removed this participant (consent expired, DTLS failed, server shutdown). */
    void closed(String reason);

    /**
     * The media plane removed this participant, with a stable code from {@link CloseCodes}. The default hands
     * only the reason to {@link #closed(String)}.
     */
    default void closed(String code, String reason) {
        closed(reason);
    }

    /** The server stopped (or resumed) forwarding a track of another participant of the room. */
    default void trackMuted(TrackSnapshot track) {}

    /** Another participant's metadata changed (or this participant's own). */
    default void participantUpdated(ParticipantSnapshot participant) {}

    /**
     * This participant's last offer named a track on an m-line that lacks the track's codec: the m-line was
     * answered inactive. Called once per such m-line for every offer, before the offer's answer is returned.
     */
    default void trackUnsupported(UnsupportedTrack track) {}

    /** The server is draining: it ends every session at {@code deadlineMillis} (wall clock) at the latest. */
    default void draining(long deadlineMillis) {}

    /**
     * A data channel message of this participant was refused (no {@code publishData} grant, malformed, over the
     * rate); called at most once per second per participant, so the client can say why its messages vanish.
     */
    default void dataRefused(String code, String message) {}
}
