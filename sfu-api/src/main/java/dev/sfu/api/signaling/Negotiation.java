package dev.sfu.api.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sfu.core.engine.ParticipantHandle;
import dev.sfu.core.model.TrackPreferences;
import io.vertx.core.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a joined participant asks of the media plane (docs/protocol.md, "Negotiation"): an {@code offer}, answered
 * with an {@code answer}, and {@code trackSettings}, a receiver's wishes for one track. At most one offer is in
 * flight: a client cannot queue work on the media loop faster than the loop answers it. Runs on the session's
 * context; the media plane's answers are handed back to it. Replies and errors go through the request's
 * {@link Reply}, so they carry its request id.
 */
final class Negotiation {
    static final int MAX_SUBSCRIPTIONS = 256;

    private final Context context;
    private final ServerMessages messages;
    private boolean offerInFlight;

    Negotiation(Context context, ServerMessages messages) {
        this.context = context;
        this.messages = messages;
    }

    /** {"type":"offer","sdp":..,"subscriptions":{mid: trackId}}; subscriptions optional. */
    void offer(ParticipantHandle participant, JsonNode message, Reply reply) {
        if (offerInFlight) {
            // docs/protocol.md: the next offer goes after the answer.
            reply.error("offer_in_flight", "an offer is being answered: send the next one after its answer");
            return;
        }
        JsonNode sdp = message.get("sdp");
        if (sdp == null || !sdp.isTextual()) {
            reply.error("bad_request", "\"sdp\" must be a string");
            return;
        }
        Map<String, String> subscriptions = subscriptions(message.path("subscriptions"), reply);
        if (subscriptions == null) {
            return;
        }
        // A key that is no mid of this offer is a client's bookkeeping error (a mid read before
        // setLocalDescription, a stale one): silently ignoring it would leave the client waiting for media.
        List<String> strangers = OfferMids.notIn(sdp.asText(), subscriptions.keySet());
        if (!strangers.isEmpty()) {
            reply.error("bad_subscriptions", "\"subscriptions\" names mids that are not in the offer: "
                    + String.join(", ", strangers), "mids", strangers);
            return;
        }
        offerInFlight = true;
        participant.offer(sdp.asText(), subscriptions).whenComplete((answer, failure) -> context.runOnContext(v -> {
            offerInFlight = false;
            if (failure != null) {
                reply.failure(failure);
                return;
            }
            reply.send(messages.message("answer", "sdp", answer));
        }));
    }

    /** The mid -> trackId map of an offer, or null when it is malformed (the client was told). */
    private static Map<String, String> subscriptions(JsonNode subs, Reply reply) {
        Map<String, String> subscriptions = new LinkedHashMap<>();
        if (subs.isMissingNode() || subs.isNull()) {
            return subscriptions;
        }
        if (!subs.isObject() || subs.size() > MAX_SUBSCRIPTIONS) {
            reply.error("bad_request", "\"subscriptions\" must be an object of at most " + MAX_SUBSCRIPTIONS
                    + " mid -> trackId strings");
            return null;
        }
        var fields = subs.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (!field.getValue().isTextual()) {
                reply.error("bad_request", "subscription for mid " + field.getKey() + " must be a track id string");
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
    void trackSettings(ParticipantHandle participant, JsonNode message, Reply reply) {
        JsonNode trackId = message.get("trackId");
        if (trackId == null || !trackId.isTextual()) {
            reply.error("bad_request", "\"trackId\" must be a string");
            return;
        }
        TrackPreferences preferences;
        try {
            preferences = TrackSettings.parse(message);
        } catch (IllegalArgumentException e) {
            reply.error("bad_request", e.getMessage());
            return;
        }
        participant.setPreferences(trackId.asText(), preferences).whenComplete((ok, failure) -> {
            if (failure != null) {
                context.runOnContext(v -> reply.failure(failure));
            }
        });
    }

    /** The {@code a=mid:} values of an offer's text, read without parsing the rest (the media plane does that). */
    static final class OfferMids {
        private OfferMids() {}

        /** The keys of {@code subscriptions} that no {@code a=mid:} line of {@code sdp} names, in their order. */
        static List<String> notIn(String sdp, Set<String> keys) {
            if (keys.isEmpty()) {
                return List.of();
            }
            Set<String> mids = new java.util.HashSet<>();
            for (String line : sdp.split("\r?\n")) {
                if (line.startsWith("a=mid:")) {
                    mids.add(line.substring("a=mid:".length()).trim());
                }
            }
            return keys.stream().filter(key -> !mids.contains(key)).toList();
        }
    }
}
