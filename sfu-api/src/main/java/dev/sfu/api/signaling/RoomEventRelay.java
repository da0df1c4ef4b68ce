package dev.sfu.api.signaling;

import static dev.sfu.api.signaling.ServerMessages.publicView;

import dev.sfu.core.model.ParticipantObserver;
import dev.sfu.core.model.ParticipantSnapshot;
import dev.sfu.core.model.TrackSnapshot;
import dev.sfu.core.model.UnsupportedTrack;
import io.vertx.core.Context;

/**
 * What the media plane tells one participant about its room, turned into signaling events (docs/protocol.md,
 * "Events"). Called on the media loop: each event is built there from its snapshot record and handed to the
 * session's context, in the order the media plane reported them.
 */
final class RoomEventRelay implements ParticipantObserver {
    private final Context context;
    private final ServerMessages messages;
    private final ClientChannel channel;
    private final Runnable removed;

    /** @param removed runs on the session's context after {@code closed} went out: the socket is to close */
    RoomEventRelay(Context context, ServerMessages messages, ClientChannel channel, Runnable removed) {
        this.context = context;
        this.messages = messages;
        this.channel = channel;
        this.removed = removed;
    }

    @Override
    public void participantJoined(ParticipantSnapshot joined) {
        channel.sendFromAnyThread(messages.message("participantJoined", "participant", publicView(joined)));
    }

    @Override
    public void participantLeft(String participantId) {
        channel.sendFromAnyThread(messages.message("participantLeft", "participantId", participantId));
    }

    @Override
    public void trackPublished(TrackSnapshot track) {
        channel.sendFromAnyThread(messages.message("trackPublished", "track", publicView(track)));
    }

    @Override
    public void trackUnpublished(TrackSnapshot track) {
        channel.sendFromAnyThread(messages.message("trackUnpublished", "trackId", track.id(),
                "participantId", track.participantId()));
    }

    @Override
    public void closed(String reason) {
        closed("closed", reason);
    }

    @Override
    public void closed(String code, String reason) {
        context.runOnContext(v -> {
            channel.send(messages.message("closed", "code", code, "reason", reason));
            // The media plane has removed the participant already: only the socket is left to close.
            removed.run();
        });
    }

    @Override
    public void trackMuted(TrackSnapshot track) {
        channel.sendFromAnyThread(messages.message("trackMuted", "trackId", track.id(),
                "participantId", track.participantId(), "muted", track.muted()));
    }

    @Override
    public void participantUpdated(ParticipantSnapshot updated) {
        channel.sendFromAnyThread(messages.message("participantUpdated", "participant", publicView(updated)));
    }

    /** Sent before the answer of the offer it is about (both are handed to the session's context in that order). */
    @Override
    public void trackUnsupported(UnsupportedTrack track) {
        String offered = track.offeredCodecs().isEmpty() ? "none" : String.join(", ", track.offeredCodecs());
        channel.sendFromAnyThread(messages.message("trackUnsupported", "trackId", track.trackId(),
                "participantId", track.participantId(), "kind", track.kind(), "mid", track.mid(),
                "codec", track.codec(), "offeredCodecs", track.offeredCodecs(),
                "message", "this " + track.kind() + " track is sent as " + track.codec()
                        + ", which the offer for mid " + track.mid() + " does not include (it offered " + offered
                        + ")"));
    }

    @Override
    public void draining(long deadlineMillis) {
        channel.sendFromAnyThread(messages.message("draining", "deadlineMillis", deadlineMillis));
    }

    @Override
    public void dataRefused(String code, String message) {
        channel.sendFromAnyThread(messages.error(code, message));
    }
}
