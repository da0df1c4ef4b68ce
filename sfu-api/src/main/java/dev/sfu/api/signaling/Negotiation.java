package dev.sfu.api.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sfu.core.engine.ParticipantHandle;
import dev.sfu.core.model.TrackPreferences;
import io.vertx.core.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a joined participant asks of the media plane (docs/protocol.md, "Negotiation"): an {@code offer}, answered
 * with an {@code answer}, and {@code trackSettings}, a receiver's wishes for one track. At most one offer is in
 * flight: a client cannot queue work on the media loop faster than the loop answers it. Runs on the session's
 * context; the media plane's answers are handed back to it.
 */
final class Negotiation {
    static final int MAX_SUBSCRIPTIONS = 256;

    private final Context context;
    private final ServerMessages messages;
    private final ClientChannel channel;
    private boolean offerInFlight;

    Negotiation(Context context, ServerMessages messages, ClientChannel channel) {
        this.context = context;
        this.messages = messages;
        this.channel = channel;
    }

    /** {"type":"offer","sdp":..,"subscriptions":{mid: trackId}}; subscriptions optional. */
    void offer(ParticipantHandle participant, JsonNode message) {
        if (offerInFlight) {
            // docs/protocol.md: the next offer goes after the answer.
            channel.sendError("offer_in_flight", "an offer is being answered: send the next one after its answer");
            return;
        }
        JsonNode sdp = message.get("sdp");
        if (sdp == null || !sdp.isTextual()) {
            channel.sendError("bad_request", "\"sdp\" must be a string");
            return;
        }
        Map<String, String> subscriptions = subscriptions(message.path("subscriptions"));
        if (subscriptions == null) {
            return;
        }
        offerInFlight = true;
        participant.offer(sdp.asText(), subscriptions).whenComplete((answer, failure) -> context.runOnContext(v -> {
            offerInFlight = false;
            if (failure != null) {
                channel.sendFailure(failure);
                return;
            }
            channel.send(messages.message("answer", "sdp", answer));
        }));
    }

    /** The mid -> trackId map of an offer, or null when it is malformed (the client was told). */
    private Map<String, String> subscriptions(JsonNode subs) {
        Map<String, String> subscriptions = new LinkedHashMap<>();
        if (subs.isMissingNode() || subs.isNull()) {
            return subscriptions;
        }
        if (!subs.isObject() || subs.size() > MAX_SUBSCRIPTIONS) {
            channel.sendError("bad_request", "\"subscriptions\" must be an object of at most " + MAX_SUBSCRIPTIONS
                    + " mid -> trackId strings");
            return null;
        }
        var fields = subs.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (!field.getValue().isTextual()) {
                channel.sendError("bad_request", "subscription for mid " + field.getKey()
                        + " must be a track id string");
                return null;
            }
            subscriptions.put(field.getKey(), field.getValue().asText());
        }
        return subscriptions;
    }

    /**
     * A receiver's wishes for one track: {"type":"trackSettings","trackId":..,"quality":"auto|low|medium|high",
     * "width":..,"height":..,"maxTemporalLayer":..,"paused":..,"priority":..}; every field but trackId optional.
     */
    void trackSettings(ParticipantHandle participant, JsonNode message) {
        JsonNode trackId = message.get("trackId");
        if (trackId == null || !trackId.isTextual()) {
            channel.sendError("bad_request", "\"trackId\" must be a string");
            return;
        }
        TrackPreferences preferences;
        try {
            preferences = TrackSettings.parse(message);
        } catch (IllegalArgumentException e) {
            channel.sendError("bad_request", e.getMessage());
            return;
        }
        participant.setPreferences(trackId.asText(), preferences).whenComplete((ok, failure) -> {
            if (failure != null) {
                context.runOnContext(v -> channel.sendFailure(failure));
            }
        });
    }
}
