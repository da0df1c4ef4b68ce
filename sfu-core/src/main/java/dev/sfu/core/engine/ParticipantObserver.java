package dev.sfu.core.engine;

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
}
